import { Redactor } from '../../src/runtime';

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
