import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPERATION_IDS } from '../../src/permissions/operation';
import { COMMANDS } from '../../src/runtime/commands';

describe('runtime commands: exactly one per operation id, named after it', () => {
  test('commands/ holds one file per operation id, and nothing else but the barrel', () => {
    const files = fs.readdirSync(path.resolve(__dirname, '../../src/runtime/commands')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual([...OPERATION_IDS.map((id) => `${id}.ts`), 'index.ts'].sort());
  });

  test('the registry maps every operation id to a command', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...OPERATION_IDS].sort());
    expect(Object.values(COMMANDS).every((c) => typeof c === 'function')).toBe(true);
  });
});
