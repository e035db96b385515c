/**
 * Hostile member lists: whatever a user passes as `members`, synth either refuses it naming the construct and the
 * property, or writes exactly those server IDs into the command and the triggers; and whatever reaches
 * `--server-ids`, the CLI either refuses it as a usage error or hands the command exactly those IDs.
 */
import * as fc from 'fast-check';
import { Testing } from 'cdktf';
import { ServerGroup } from '../../src';
import { InvalidArgumentError } from '../../src/runtime/errors/invalid-argument-error';
import { resolveOperationInput } from '../../src/runtime/operation-input';
import { Redactor } from '../../src/runtime/redact';
import { newStack, refusalOf } from '../helpers/synth';

const uuid = fc.uuid();
const member = fc.oneof(uuid, fc.string(), fc.constantFrom("1a2b3c4d-0000-4000-8000-000000000001'; rm -rf /", '${var.x}', '%{if}', 'a,b', ''));

test('synth: members are refused with the construct path, or written exactly', () => {
  fc.assert(
    fc.property(fc.array(member, { maxLength: 4 }), (members) => {
      const stack = newStack();
      let group: ServerGroup | undefined;
      const refusal = refusalOf(stack, () => {
        group = new ServerGroup(stack, 'group', { name: 'web', api: 'cloudservers', members });
      });
      if (refusal !== undefined) {
        expect(refusal).toMatch(/^ServerGroup at 'prod\/group': property 'members(\[\d+\])?' /);
        return;
      }
      expect(members.every((m) => /^[0-9a-fA-F-]{36}$/.test(m))).toBe(true);
      const resources = JSON.parse(Testing.synth(stack)).resource.null_resource;
      const membership = resources[Object.keys(resources).find((k) => k.startsWith('group_Members'))!];
      expect(membership.triggers.server_ids).toBe(members.length ? JSON.stringify(members) : undefined);
      const { interpreter } = membership.provisioner[0]['local-exec'];
      const flags = interpreter.slice(interpreter.indexOf('--project-id') + 2);
      expect(flags).toEqual([...(members.length ? ['--server-ids', JSON.stringify(members)] : []), '--name', 'web', '--construct-path']);
      expect(group?.members).toEqual(members);
    }),
    { numRuns: 60 },
  );
});

test('CLI: --server-ids is refused as a usage error, or reaches the command exactly', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(fc.oneof(uuid, fc.string()), { minLength: 1, maxLength: 4 }).map((ids) => ids.join(',')),
      ),
      (serverIds) => {
        let ids: readonly string[] | undefined;
        try {
          ids = resolveOperationInput(
            'server-group-members',
            { constructPath: 'p', cloud: 'otc', region: 'eu-de', projectId: '0123456789abcdef0123456789abcdef', name: 'web', serverIds },
            {},
            new Redactor(),
          ).serverIds;
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          return;
        }
        expect(ids).toEqual(serverIds.split(','));
        expect(new Set(ids).size).toBe(ids!.length);
        for (const id of ids!) expect(id).toMatch(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
      },
    ),
    { numRuns: 300 },
  );
});
