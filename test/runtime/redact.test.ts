import { parseCloudErrorBody } from '../../src/runtime/errors/cloud-error-body';
import { REDACTED, Redactor } from '../../src/runtime/redact';

describe('Redactor: secrets never reach the output', () => {
  const redactor = new Redactor().add('sk-canary-0001', 'pa"ss word', undefined, 'abc');

  test.each([
    ['a registered value', 'key sk-canary-0001 here', 'key [REDACTED] here'],
    ['its JSON-escaped form', JSON.stringify({ x: 'pa"ss word' }), '{"x":"[REDACTED]"}'],
    ['its URL-encoded form', 'p=pa%22ss%20word', 'p=[REDACTED]'],
    ['its base64 form', `ud=${Buffer.from('sk-canary-0001').toString('base64')}`, 'ud=[REDACTED]'],
    ['an Authorization header', 'Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc123', 'Authorization: [REDACTED]'],
    ['a signature alone', 'Signature=0123abcdef', 'Signature=[REDACTED]'],
    ['token headers in a config dump', `{"X-Auth-Token":"tok","x-subject-token": "tok2"}`, '{"X-Auth-Token":"[REDACTED]","x-subject-token": "[REDACTED]"}'],
    ['password fields in a body', '{"password":"p1","adminpass":"p\\"2","name":"u"}', '{"password":"[REDACTED]","adminpass":"[REDACTED]","name":"u"}'],
    ['nothing else', 'server 1111 ACTIVE abc', 'server 1111 ACTIVE abc'],
  ])('%s', (_name, text, expected) => {
    expect(redactor.redact(text)).toBe(expected);
  });
});

describe('Redactor: every form of a secret, and no piece of one', () => {
  const SECRET = 'CANARY_TOKEN_0123456789';
  const redactor = new Redactor().add(SECRET);

  test.each([
    [
      'adminpass in JSON inside a JSON string',
      JSON.stringify({ error: { message: JSON.stringify({ adminpass: 'Pa"ss\\w0rd!', x: 1 }) } }),
      JSON.stringify({ error: { message: JSON.stringify({ adminpass: REDACTED, x: 1 }) } }),
    ],
    ['a token in a query string', 'GET /v3/x?nocatalog=true&token=abc.def-ghi&y=1', 'GET /v3/x?nocatalog=true&token=[REDACTED]&y=1'],
    ['a password in a form body', 'user=u&password=hunter2', 'user=u&password=[REDACTED]'],
  ])('%s', (_name, text, expected) => {
    expect(new Redactor().redact(text)).toBe(expected);
  });

  test('base64 at every alignment inside a longer base64 text', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:']) {
      const encoded = Buffer.from(`${prefix}${SECRET}:tail`).toString('base64');
      const redacted = redactor.redact(`Basic ${encoded}`);
      expect(redacted).toContain(REDACTED);
      // What is left cannot be decoded back into 4 or more characters of the secret.
      for (const part of redacted.split(REDACTED))
        expect(leakedPiece(Buffer.from(part.replace(/^Basic /, ''), 'base64').toString('latin1'), SECRET)).toBe(false);
    }
  });

  test('redacts before cutting: whatever the cut position, no piece of 4 or more characters survives', () => {
    for (let cut = 1; cut < SECRET.length; cut += 1) {
      const page = `<html><body><pre>${'x'.repeat(160 - cut)}${SECRET} and more</pre></body></html>`;
      const { excerpt } = parseCloudErrorBody(page, redactor);
      expect(leakedPiece(excerpt!, SECRET)).toBe(false);
      expect(excerpt!.length).toBeLessThanOrEqual(160 + REDACTED.length + 1);
    }
  });

  test('a secret the sender left unfinished at either edge of the body is removed', () => {
    for (let length = 4; length < SECRET.length; length += 1) {
      expect(redactor.excerpt(`echo: ${SECRET.slice(0, length)}`, 160)).toBe(`echo: ${REDACTED}`);
      expect(redactor.excerpt(`${SECRET.slice(-length)} was sent`, 160)).toBe(`${REDACTED} was sent`);
    }
    expect(redactor.excerpt('echo: CAN', 160)).toBe('echo: CAN');
  });
});

/** Whether `text` holds a piece of `secret` of 4 characters or more. */
function leakedPiece(text: string, secret: string): boolean {
  for (let start = 0; start + 4 <= secret.length; start += 1) {
    if (text.includes(secret.slice(start, start + 4))) return true;
  }
  return false;
}
