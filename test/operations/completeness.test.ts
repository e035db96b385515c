/**
 * One check that names every piece an operation is missing, so a contributor sees the whole list at once rather
 * than meeting the pieces one test failure at a time.
 */
import * as path from 'node:path';
import * as library from '../../src';
import { EXEC_ARGUMENTS } from '../../src/cloud/exec-arguments';
import { ROUTE_IAM } from '../../src/emulator/route-table';
import { defineOperation, OPERATION_DEFINITIONS } from '../../src/operations';
import { PERMISSION_ROWS } from '../../src/permissions/permission-rows';
import { commandOf } from '../../src/runtime/commands';
import { missingPieces, type ProjectFacts } from '../helpers/completeness';

const ROOT = path.resolve(__dirname, '../..');

const facts = (definitions: ProjectFacts['definitions']): ProjectFacts => ({
  definitions,
  library,
  argumentNames: Object.keys(EXEC_ARGUMENTS),
  rows: PERMISSION_ROWS,
  emulatedActions: Object.values(ROUTE_IAM).flatMap((r) => (r ? [r.action] : [])),
  commands: (id) => {
    try {
      return typeof commandOf(id as never) === 'function';
    } catch {
      return false;
    }
  },
});

test('every operation has every piece: definition, command, construct, arguments, rows, emulator route, docs, tests', () => {
  expect(missingPieces(ROOT, facts(OPERATION_DEFINITIONS))).toEqual([]);
});

test('a definition alone is reported with every piece it lacks, each naming the file to touch', () => {
  // GIVEN a definition with a new argument, a row nobody has, and no other file
  const lonely = defineOperation({
    id: 'server-rename',
    construct: 'ServerRename',
    when: 'create',
    summary: 'Rename a server',
    target: 'server',
    rows: ['cloudservers-rename' as never],
    reads: [],
    arguments: { required: ['newName' as never], optional: [] },
    defaultTimeoutSeconds: 600,
    preconditions: [],
    endState: 'the new name',
    alreadyDone: 'the server has the name',
    calls: '`PUT /v1/{project_id}/cloudservers/{server_id}`',
  });
  // WHEN the checker looks for its pieces
  const missing = missingPieces(ROOT, facts([lonely]));
  // THEN it names each of them
  expect(missing).toEqual([
    'server-rename: its definition file src/operations/server-rename.ts',
    'server-rename: its runtime command src/runtime/commands/server-rename.ts (a default export typed Command<…>)',
    'server-rename: its construct class ServerRename, exported from src/constructs/index.ts',
    "server-rename: a construct in src/constructs/ that plans 'server-rename'",
    "server-rename: the argument 'newName' in EXEC_ARGUMENTS (src/cloud/exec-arguments.ts)",
    "server-rename: the permission row 'cloudservers-rename' in src/permissions/api-rows.ts (or fleet-api-rows.ts)",
    'server-rename: its rows in the generated tables of docs/cli.md (npm run docs:tables)',
    ...['test/permissions/catalog.test.ts', 'test/runtime/exec/operations.test.ts', 'test/reliability/fault-matrix.test.ts'].map(
      (file) => `server-rename: a case in ${file}`,
    ),
    'server-rename: a synth case in test/constructs/ (new ServerRename(…))',
  ]);
});
