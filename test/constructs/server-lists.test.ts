/**
 * Lists of servers (a fleet's serverIds, a group's members): synth refuses what apply refuses, with the same rule
 * (src/validation/server-list.ts): no server twice, compared as the cloud compares IDs (without regard to case, a
 * token by what it resolves to), and a group's members within one call of the CLI.
 */
import { TerraformVariable } from 'cdktf';
import { ServerFleetMaintenance, ServerGroup } from '../../src';
import { newStack, refusalOf, SERVER_1, SERVER_2 } from '../helpers/synth';

const id = (i: number) => `1a2b3c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;
const fleet = (serverIds: string[]) => ({ serverIds, steps: [{ action: 'stop' as const }] });
const group = (members: string[]) => ({ name: 'web', api: 'cloudservers' as const, members });

describe('synth refuses a list apply would refuse (reproduction: each synthesized, then the CLI exited 2)', () => {
  test('the same UUID in two cases in a fleet', () => {
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', fleet([SERVER_1, SERVER_2, SERVER_1.toUpperCase()])))).toMatch(
      /property 'serverIds\[2\]' names the same server as serverIds\[0\] \(1A2B3C4D-0000-4000-8000-000000000001; the cloud compares server IDs without regard to case\)\. Fix: list each server once/,
    );
  });

  test('the same token twice in a fleet, each read of it a new token string', () => {
    const stack = newStack();
    const web = new TerraformVariable(stack, 'web', { type: 'string' });
    expect(refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', fleet([web.stringValue, SERVER_1, web.stringValue])))).toMatch(
      /property 'serverIds\[2\]' names the same server as serverIds\[0\] \(a token;/,
    );
  });

  test('the same token twice in members', () => {
    const stack = newStack();
    const web = new TerraformVariable(stack, 'web', { type: 'string' });
    expect(refusalOf(stack, () => new ServerGroup(stack, 'group', group([web.stringValue, web.stringValue])))).toMatch(
      /property 'members\[1\]' names the same server as members\[0\] \(a token;/,
    );
  });

  test('the same UUID in two cases in members', () => {
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerGroup(stack, 'group', group([SERVER_1.toUpperCase(), SERVER_1])))).toMatch(
      /'members\[1\]' names the same server as members\[0\]/,
    );
  });

  test('2,000 members: more than one call of the CLI takes', () => {
    const stack = newStack();
    expect(refusalOf(stack, () => new ServerGroup(stack, 'group', group(Array.from({ length: 2000 }, (_, i) => id(i)))))).toMatch(
      /property 'members' lists 2000 servers, and one call of the CLI takes at most 1000\. Fix: list at most 1000 servers/,
    );
  });

  test('different servers and different tokens pass, and 1,000 members fit', () => {
    const stack = newStack();
    const a = new TerraformVariable(stack, 'a', { type: 'string' });
    const b = new TerraformVariable(stack, 'b', { type: 'string' });
    expect(refusalOf(stack, () => new ServerFleetMaintenance(stack, 'fleet', fleet([a.stringValue, b.stringValue, SERVER_1])))).toBeUndefined();
    const other = newStack();
    expect(refusalOf(other, () => new ServerGroup(other, 'group', group(Array.from({ length: 1000 }, (_, i) => id(i)))))).toBeUndefined();
  });
});
