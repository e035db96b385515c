import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPERATION_IDS } from '../../src/permissions/operation';
import { commandOf } from '../../src/runtime/commands';

describe('runtime commands: exactly one per operation id, named after it', () => {
  test('commands/ holds one file per operation id, and nothing else but the barrel', () => {
    const files = fs.readdirSync(path.resolve(__dirname, '../../src/runtime/commands')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual([...OPERATION_IDS.map((id) => `${id}.ts`), 'index.ts'].sort());
  });

  test("every operation id loads a command (its file's default export)", () => {
    for (const id of OPERATION_IDS) expect({ id, command: typeof commandOf(id) }).toEqual({ id, command: 'function' });
  });
});
