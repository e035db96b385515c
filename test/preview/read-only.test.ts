/**
 * The preview cannot change the cloud, by construction: it holds a ReadOnlyClient, which exposes GET alone, and no
 * module it loads can send a mutation. (The emulator's audit proves the same at run time: test/e2e/preview-proof.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ReadOnlyClient } from '../../src/runtime/client/read-only-client';
import { Redactor } from '../../src/runtime/redact';
import { Deadline } from '../../src/runtime/deadline';

const SRC = path.resolve(__dirname, '../../src');

/** Every module `entry` loads, transitively, inside src/. */
function loadedModules(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
      const base = path.resolve(path.dirname(file), spec);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (resolved) visit(resolved);
    }
  };
  visit(entry);
  return new Set([...seen].map((f) => path.relative(SRC, f).split(path.sep).join('/')));
}

describe('preview: read-only by construction', () => {
  test('the client it holds has no way to send anything but GET', () => {
    const client = new ReadOnlyClient({
      endpoint: 'http://127.0.0.1:1',
      iamEndpoint: 'http://127.0.0.1:1',
      projectId: 'p',
      credentials: { kind: 'token', token: 't', source: 'OS_AUTH_TOKEN' },
      redactor: new Redactor(),
      deadline: new Deadline(1000),
    });
    try {
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(client)).sort();
      expect(methods).toEqual(['close', 'constructor', 'get', 'projectId']);
      expect(Object.keys(client)).toEqual([]);
    } finally {
      client.close();
    }
  });

  test('no module the preview command loads sends a mutation or builds the full client', () => {
    const modules = loadedModules(path.join(SRC, 'preview/cli.ts'));
    expect(modules.has('preview/predict.ts')).toBe(true);
    const senders = ['runtime/private/send-mutation.ts', 'runtime/private/native-action.ts', 'runtime/private/job-action.ts', 'runtime/private/batch-job.ts'];
    expect(senders.filter((m) => modules.has(m))).toEqual([]);
    // Only the read-only client constructs the signed client.
    const constructing = [...modules].filter((m) => /new ApiClient\(/.test(fs.readFileSync(path.join(SRC, m), 'utf8')));
    expect(constructing).toEqual(['runtime/client/read-only-client.ts']);
  });
});
