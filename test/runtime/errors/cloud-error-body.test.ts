import { parseCloudErrorBody } from '../../../src/runtime/errors/cloud-error-body';

describe('cloud error bodies: the three formats and the rest', () => {
  test.each([
    [
      'native Nova',
      '{"itemNotFound": {"message": "Instance x could not be found.", "code": 404}}',
      { code: 'itemNotFound', message: 'Instance x could not be found.' },
    ],
    ['cloudservers', '{"error": {"code": "Ecs.0605", "message": "ECS locked."}}', { code: 'Ecs.0605', message: 'ECS locked.' }],
    [
      'cloudservers wrapping Nova',
      '{"error": {"code": "Ecs.1000", "message": "{\\"badRequest\\": {\\"message\\": \\"not STOPPED\\", \\"code\\": 400}}"}}',
      { code: 'Ecs.1000', message: 'not STOPPED' },
    ],
    [
      'cloudservers with a nested message but no code',
      '{"error": {"message": "{\\"conflictingRequest\\": {\\"message\\": \\"busy\\", \\"code\\": 409}}"}}',
      { code: 'conflictingRequest', message: 'busy' },
    ],
    [
      'API gateway',
      '{"error_code": "APIGW.0308", "error_msg": "throttled", "request_id": "r1"}',
      { code: 'APIGW.0308', message: 'throttled', requestId: 'r1' },
    ],
    [
      'Keystone',
      '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}',
      { code: 'Unauthorized', message: 'The request you have made requires authentication.' },
    ],
    [
      'a failed job query',
      '{"code": "Common.0011", "message": "Failed to query system tasks."}',
      { code: 'Common.0011', message: 'Failed to query system tasks.' },
    ],
    ['JSON of another shape', '{"unexpected": [1, 2]}', { excerpt: '{"unexpected": [1, 2]}' }],
    ['a truncated body', '{"error": {"code": "Ecs.06', { excerpt: '{"error": {"code": "Ecs.06' }],
    ['an empty body', '', {}],
  ])('%s', (_name, body, expected) => {
    expect(parseCloudErrorBody(body)).toEqual(expected);
  });

  test('a long page is cut to a short excerpt', () => {
    expect(parseCloudErrorBody(`<html><body>${'x'.repeat(500)}</body></html>`).excerpt).toHaveLength(161);
  });
});
