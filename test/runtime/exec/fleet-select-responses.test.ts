/**
 * `exec fleet-select` against a loopback server posing as the cloud: answers the emulator never gives (a malformed
 * page, a page that ends early, an id that is not a server id, more servers than a fleet selects) fail before any change,
 * naming the call; and hostile `--select` values never reach the cloud.
 */
import fc from 'fast-check';
import { startLoopback, json, type Loopback } from '../helpers/loopback-server';
import { execCli } from '../helpers/exec-cli';

const PROJECT = '0123456789abcdef0123456789abcdef';
const TAG_QUERY = `/v1/${PROJECT}/servers/resource_instances/action`;
const id = (i: number) => `7a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function withCloud(answer: (body: Record<string, unknown>, n: number) => unknown, fn: (cloud: Loopback) => Promise<void>): Promise<void> {
  const cloud = await startLoopback((request, response, n) => {
    if (request.method === 'POST' && request.path === TAG_QUERY) json(response, 200, answer(JSON.parse(request.body.toString('utf8')), n));
    else json(response, 500, { error: { code: 'Common.0001', message: `unexpected ${request.method} ${request.path}` } });
  });
  try {
    await fn(cloud);
  } finally {
    await cloud.close();
  }
}

const run = (cloud: Loopback, select = 'tags:role=web') => execCli({ url: cloud.url, projectId: PROJECT }, 'fleet-select', { select, steps: 'stop:SOFT' });

describe('exec fleet-select: answers that cannot be trusted fail before any change, naming the call', () => {
  test('GIVEN a page without resources WHEN selected THEN exit 1 naming the tag query and what is missing', async () => {
    await withCloud(
      () => ({ servers: [] }),
      async (cloud) => {
        const result = await run(cloud);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`POST ${TAG_QUERY} → HTTP 200`);
        expect(result.stderr).toContain('the body has no resources list and total_count');
        expect(cloud.received).toHaveLength(1);
      },
    );
  });

  test('GIVEN total_count 3 but an empty second page WHEN selected THEN exit 1: the servers changed while the selection was read', async () => {
    await withCloud(
      (body) => (body.offset === '0' ? { resources: [{ resource_id: id(1) }, { resource_id: id(2) }], total_count: 3 } : { resources: [], total_count: 3 }),
      async (cloud) => {
        const result = await run(cloud);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('offset 2 answered no server of 3; the servers changed while the selection was read');
        // The second page asked from where the first ended.
        expect(JSON.parse(cloud.received[1].body.toString('utf8'))).toEqual({
          action: 'filter',
          limit: '1000',
          offset: '2',
          tags: [{ key: 'role', values: ['web'] }],
        });
      },
    );
  });

  test('GIVEN a resource id that is not a server id WHEN selected THEN exit 1 naming it, before any batch call', async () => {
    await withCloud(
      () => ({ resources: [{ resource_id: id(1) }, { resource_id: '../../etc,passwd' }], total_count: 2 }),
      async (cloud) => {
        const result = await run(cloud);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`POST ${TAG_QUERY} → HTTP 200`);
        expect(result.stderr).toContain('../../etc,passwd');
        expect(result.stderr).toContain('which is not a server id (a UUID)');
        expect(cloud.received.every((r) => r.path === TAG_QUERY)).toBe(true);
      },
    );
  });

  test('GIVEN a total of 10,001 servers WHEN selected THEN exit 1 before reading further: a fleet selects at most 10,000', async () => {
    await withCloud(
      () => ({ resources: [{ resource_id: id(1) }], total_count: 10_001 }),
      async (cloud) => {
        const result = await run(cloud);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('selects 10001 servers; a fleet selects at most 10000 servers');
        expect(cloud.received).toHaveLength(1);
      },
    );
  });

  test('property: any --select value either selects through the tag query or group read, or is refused with exit 2 before any call', async () => {
    await withCloud(
      () => ({ resources: [], total_count: 0 }),
      async (cloud) => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              fc.string({ maxLength: 60 }),
              fc.string({ maxLength: 40 }).map((s) => `tags:${s}`),
              fc.string().map((s) => `group:${s}`),
            ),
            async (select) => {
              if (select === '' || select.includes('\u0000')) return;
              const before = cloud.received.length;
              const result = await run(cloud, select);
              if (result.code === 2) expect(cloud.received.length).toBe(before);
              else {
                // Accepted: it was a well-formed tag selection, and the query carried exactly its decoded tags.
                expect(result.code).toBe(0);
                const sent = JSON.parse(cloud.received.at(-1)!.body.toString('utf8'));
                const pairs = select
                  .slice('tags:'.length)
                  .split(',')
                  .map((p) => p.split('=').map(decodeURIComponent));
                expect(sent.tags).toEqual(pairs.map(([key, value]) => ({ key, values: [value] })));
              }
            },
          ),
          { numRuns: 15 },
        );
      },
    );
  }, 120_000);
});
