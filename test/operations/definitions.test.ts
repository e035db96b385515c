/**
 * The operation definitions are the one source of every per-operation table. The checklist of CONTRIBUTING.md
 * ("Adding an operation") is demonstrated here: a throwaway definition, added to the real list, reaches the
 * catalog, the CLI's arguments and help, the construct table of docs/cli.md and the policy, with no other file touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import * as library from '../../src';
import { deriveOperationArguments, OPERATION_ARGUMENTS } from '../../src/cloud/exec-arguments';
import { defineOperation, OPERATION_DEFINITIONS, type OperationDefinition, OPERATIONS, tableOf, TARGET_ARGUMENTS } from '../../src/operations';
import { CATALOG, deriveCatalog, OPERATION_IDS, requirementsOfEntry, sortedUnique } from '../../src/permissions';
import { constructActionsTable } from '../../src/permissions/reference-tables';
import { requirePermissions } from '../../src/policy/policy-synthesizer';
import { packPolicyDocuments } from '../../src/policy/private/render-policy';
import { execUsage } from '../../src/runtime/exec-command';
import { DEFAULT_TIMEOUT_SECONDS } from '../../src/runtime/exec-settings';
import { newStack } from '../helpers/synth';

// A batch stop of a list of servers, defined as a contributor would: one plain-data definition.
const THROWAWAY = defineOperation({
  id: 'server-stop-throwaway',
  construct: 'ServerStopThrowaway',
  when: 'create',
  summary: 'Stop several running ECSs and wait until every one is SHUTOFF',
  target: 'servers',
  rows: ['nova-stop'],
  reads: ['show-server'],
  arguments: { required: ['stopType'], optional: [] },
  defaultTimeoutSeconds: 900,
  preconditions: ['unlocked'],
  calls: '`os-stop` per server',
  endState: 'every server `SHUTOFF`, no task state',
  alreadyDone: 'every server `SHUTOFF`',
  enterpriseProjectAlternative: 'none',
});
const WITH_THROWAWAY: readonly OperationDefinition[] = [...OPERATION_DEFINITIONS, THROWAWAY];

describe('a throwaway operation definition reaches every derived table', () => {
  test('the catalog', () => {
    // WHEN the catalog is derived from the real definitions plus the throwaway
    const catalog = deriveCatalog(WITH_THROWAWAY);
    // THEN it holds the throwaway's entry, and the real entries unchanged
    expect(catalog[THROWAWAY.id]).toEqual({
      id: THROWAWAY.id,
      construct: 'ServerStopThrowaway',
      when: 'create',
      summary: THROWAWAY.summary,
      rows: ['nova-stop'],
      reads: ['show-server'],
      enterpriseProjectAlternative: 'none',
    });
    for (const id of OPERATION_IDS) expect(catalog[id]).toEqual(CATALOG[id]);
  });

  test('the command-line contract and the CLI help', () => {
    expect(deriveOperationArguments(WITH_THROWAWAY)[THROWAWAY.id]).toEqual({ required: ['serverIds', 'stopType'], optional: [] });
    const help = execUsage(WITH_THROWAWAY);
    expect(help).toContain(`  ${THROWAWAY.id.padEnd(27)} --server-ids <serverIds> --stop-type <stopType>\n`);
    expect(help).toContain(`${THROWAWAY.summary} (default timeout 900 s)`);
    // and the real help is the same list without it
    expect(execUsage()).toBe(execUsage(OPERATION_DEFINITIONS));
    expect(execUsage()).not.toContain(THROWAWAY.id);
  });

  test('the policy and the construct table of docs/cli.md', () => {
    // WHEN the throwaway's requirements are derived and packed into a policy document
    const actions = sortedUnique(requirementsOfEntry(deriveCatalog(WITH_THROWAWAY)[THROWAWAY.id]).map((r) => r.action));
    const packed = packPolicyDocuments(actions, 'single');
    // THEN the policy holds the row's action, its dependency and the supporting read
    expect(actions).toEqual(['ecs:cloudServers:showServer', 'ecs:servers:list', 'ecs:servers:stop']);
    expect(packed).toEqual({ ok: true, documents: [{ Version: '1.1', Statement: [{ Effect: 'Allow', Action: actions }] }] });
    expect(constructActionsTable(WITH_THROWAWAY)).toContain(
      '| ServerStopThrowaway | `server-stop-throwaway` | create | `ecs:cloudServers:showServer` `ecs:servers:list` `ecs:servers:stop` |',
    );
  });

  test('a repeated id is refused', () => {
    expect(() => deriveCatalog([...WITH_THROWAWAY, THROWAWAY])).toThrow("Operation 'server-stop-throwaway' is defined twice");
    expect(() => tableOf([THROWAWAY, THROWAWAY], (d) => d.id)).toThrow(/defined twice/);
  });
});

describe('the real definitions', () => {
  test('one file per operation in src/operations, named by its id', () => {
    const dir = path.resolve(__dirname, '../../src/operations');
    const files = fs.readdirSync(dir).filter((f) => !['index.ts', 'operation-definition.ts', 'target.ts'].includes(f));
    expect(files.sort()).toEqual(OPERATION_IDS.map((id) => `${id}.ts`).sort());
  });

  test('every derived table has exactly the defined operations, in definition order', () => {
    const ids = OPERATION_DEFINITIONS.map((d) => d.id);
    expect(OPERATION_IDS).toEqual(ids);
    for (const table of [CATALOG, OPERATION_ARGUMENTS, DEFAULT_TIMEOUT_SECONDS, OPERATIONS]) expect(Object.keys(table)).toEqual(ids);
  });

  test('each construct class a definition names is exported by the package', () => {
    for (const d of OPERATION_DEFINITIONS) {
      expect({ id: d.id, exported: typeof (library as Record<string, unknown>)[d.construct] }).toEqual({ id: d.id, exported: 'function' });
    }
  });

  test('no definition lists its target argument among its own (the target adds it)', () => {
    for (const d of OPERATION_DEFINITIONS) {
      expect([...d.arguments.required, ...d.arguments.optional]).not.toContain(TARGET_ARGUMENTS[d.target]);
    }
  });

  test('the requirements chokepoint refuses a construct declaring an operation its definition gives to another', () => {
    // GIVEN a stack with an EcsEnvironment
    const stack = newStack();
    // WHEN a construct that is not ServerStart declares server-start
    // THEN synth stops, naming both classes
    expect(() => requirePermissions(new Construct(stack, 'impostor'), 'ServerStop', 'server-start')).toThrow(
      "ServerStop 'prod/impostor' declares server-start, which its definition gives to ServerStart",
    );
  });
});
