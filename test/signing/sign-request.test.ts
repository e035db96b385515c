import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  authorizationHeader,
  canonicalQuery,
  canonicalUri,
  computeSignature,
  parseAuthorization,
  parseQuery,
  parseSdkDate,
  payloadHash,
  sdkDate,
} from '../../src/signing';
import { KNOWN_ANSWER_VECTORS } from './fixtures/signing-vectors';

describe('SDK-HMAC-SHA256 signer: known-answer vectors', () => {
  test.each(KNOWN_ANSWER_VECTORS)('$name', (vector) => {
    // WHEN the request is signed
    const parts = computeSignature(vector.request, vector.secretKey);
    // THEN every published intermediate value matches
    if (vector.hashedCanonicalRequest) {
      expect(parts.stringToSign.split('\n')[2]).toBe(vector.hashedCanonicalRequest);
    }
    expect(parts.signedHeaders).toBe(vector.signedHeaders);
    expect(parts.signature).toBe(vector.signature);
    expect(authorizationHeader(vector.request, vector.accessKey, vector.secretKey)).toBe(
      `SDK-HMAC-SHA256 Access=${vector.accessKey}, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`,
    );
  });

  test.each(KNOWN_ANSWER_VECTORS)('oracle: the Huawei SDK signer agrees on $name', (vector) => {
    // GIVEN the same request in the shape the SDK signer takes (query separate, body as the object it stringifies)
    const { request } = vector;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k === 'x-sdk-date' ? 'X-Sdk-Date' : k] = v;
    const signed = AKSKSigner.sign(
      {
        method: request.method,
        endpoint: `https://${request.host}${request.path}`,
        queryParams: Object.fromEntries(request.query),
        headers,
        data: request.body ? JSON.parse(String(request.body)) : undefined,
      } as never,
      new BasicCredentials().withAk(vector.accessKey).withSk(vector.secretKey),
    ) as Record<string, string>;
    // THEN its Authorization header is ours
    expect(signed.Authorization).toBe(authorizationHeader(request, vector.accessKey, vector.secretKey));
  });
});

describe('SDK-HMAC-SHA256 signer: steps', () => {
  test('canonical URI encodes each segment and always ends with a slash', () => {
    expect(canonicalUri('/v1/p/servers')).toBe('/v1/p/servers/');
    expect(canonicalUri('/v1/p/a b/')).toBe('/v1/p/a%20b/');
    expect(canonicalUri('/v1/p/x%2Fy')).toBe('/v1/p/x%2Fy/');
  });

  test('canonical query sorts by name and encodes spaces as %20', () => {
    expect(
      canonicalQuery([
        ['marker', 'a b'],
        ['limit', '2'],
      ]),
    ).toBe('limit=2&marker=a%20b');
    expect(canonicalQuery(parseQuery('b=2&a=1&a=0'))).toBe('a=0&a=1&b=2');
  });

  test('an empty body hashes as the empty string', () => {
    expect(payloadHash(undefined)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('a tampered body, query or header changes the signature', () => {
    // GIVEN a signed request
    const base = {
      method: 'POST',
      host: 'ecs.example.com',
      path: '/v2.1/p/servers/s/action',
      query: [['a', '1']] as [string, string][],
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20240101T000000Z' },
      body: '{"os-start":{}}',
    };
    const original = computeSignature(base, 'SK').signature;
    // THEN each change gives another signature
    expect(computeSignature({ ...base, body: '{"os-stop":{}}' }, 'SK').signature).not.toBe(original);
    expect(computeSignature({ ...base, query: [['a', '2']] }, 'SK').signature).not.toBe(original);
    expect(computeSignature({ ...base, headers: { ...base.headers, 'X-Sdk-Date': '20240101T000001Z' } }, 'SK').signature).not.toBe(original);
    expect(computeSignature(base, 'SK2').signature).not.toBe(original);
  });

  test('the Authorization header round-trips through the parser', () => {
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc')).toEqual({
      accessKey: 'AK',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: 'abc',
    });
    expect(parseAuthorization('Bearer x')).toBeUndefined();
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK')).toBeUndefined();
  });

  test('X-Sdk-Date formats and parses UTC seconds', () => {
    const date = new Date(Date.UTC(2019, 10, 15, 3, 36, 55));
    expect(sdkDate(date)).toBe('20191115T033655Z');
    expect(parseSdkDate('20191115T033655Z')?.getTime()).toBe(date.getTime());
    expect(parseSdkDate('2019-11-15')).toBeUndefined();
  });
});
