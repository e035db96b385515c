/**
 * The IAM resources the library writes itself, checked against `@cdktf/provider-opentelekomcloud` (a devDependency
 * kept for this): the schema of every argument (kind, required or optional, block nesting) against the bindings' jsii
 * types, and the synthesized plan, in JSON and in HCL, byte for byte against the same resources built with the bindings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IdentityAgencyV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-agency-v3';
import { IdentityRoleAssignmentV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-role-assignment-v3';
import { IdentityRoleV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-role-v3';
import { OpentelekomcloudProvider } from '@cdktf/provider-opentelekomcloud/lib/provider';
import { type App, Lazy, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ServerResize, ServerStop } from '../../src';
import { OTC_AGENCY, OTC_PROVIDER, OTC_ROLE, OTC_ROLE_ASSIGNMENT } from '../../src/constructs/private/iam-resources';
import type { ArgumentSpec } from '../../src/constructs/private/provider-resource';
import { policyPlanOf } from '../../src/policy/policy-synthesizer';
import { roleStatementsOf } from '../../src/policy/role-statements';
import { LifecyclePolicyRole } from '../../src/role';
import { newApp, newStack, SERVER_1, stackFiles } from '../helpers/synth';

const BINDINGS = path.dirname(require.resolve('@cdktf/provider-opentelekomcloud/package.json'));
const JSII = JSON.parse(fs.readFileSync(path.join(BINDINGS, '.jsii'), 'utf8')) as {
  types: Record<string, { properties?: { name: string; optional?: boolean; type: unknown }[] }>;
};
const GROUP_ID = 'fedcba9876543210fedcba9876543210';
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The argument kinds a jsii property type stands for, as the spec writes them. */
function kindsOf(type: unknown): string[] {
  const t = type as { primitive?: string; collection?: { elementtype: unknown }; union?: { types: unknown[] }; fqn?: string };
  if (t.primitive === 'string') return ['string'];
  if (t.collection) {
    const element = t.collection.elementtype as { primitive?: string; fqn?: string };
    return element.primitive === 'string' ? ['stringList', 'stringSet'] : element.fqn ? [`blocks:${element.fqn}`] : ['?'];
  }
  if (t.union) return t.union.types.flatMap(kindsOf).filter((k) => k.startsWith('blocks:'));
  return [JSON.stringify(t)];
}

/** Where the spec of `type` disagrees with the bindings' jsii struct `struct`. */
function schemaProblems(args: Readonly<Record<string, ArgumentSpec>>, struct: string, where: string): string[] {
  const properties = JSII.types[`@cdktf/provider-opentelekomcloud.${struct}`]?.properties;
  if (!properties) return [`${where}: no jsii type ${struct}`];
  const known = new Map(properties.map((p) => [snake(p.name), p]));
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(args)) {
    const property = known.get(name);
    if (!property) {
      problems.push(`${where}.${name}: not in the schema`);
      continue;
    }
    if (spec.required !== !property.optional) problems.push(`${where}.${name}: required ${spec.required}, the schema says ${!property.optional}`);
    const kinds = kindsOf(property.type);
    if (spec.kind === 'blockList' || spec.kind === 'blockSet') {
      const block = kinds.find((k) => k.startsWith('blocks:'));
      if (!block) problems.push(`${where}.${name}: a block, the schema says ${kinds.join(' or ')}`);
      else problems.push(...schemaProblems(spec.block, block.slice('blocks:@cdktf/provider-opentelekomcloud.'.length), `${where}.${name}`));
    } else if (!kinds.includes(spec.kind)) {
      problems.push(`${where}.${name}: ${spec.kind}, the schema says ${kinds.join(' or ')}`);
    }
  }
  // Every argument the schema requires is written.
  for (const [name, property] of known) if (!property.optional && !(name in args)) problems.push(`${where}.${name}: required by the schema, not written`);
  return problems;
}

describe('the OTC resources the role writes have the schema of @cdktf/provider-opentelekomcloud', () => {
  test.each([
    [OTC_ROLE, 'identityRoleV3.IdentityRoleV3Config'],
    [OTC_ROLE_ASSIGNMENT, 'identityRoleAssignmentV3.IdentityRoleAssignmentV3Config'],
    [OTC_AGENCY, 'identityAgencyV3.IdentityAgencyV3Config'],
  ])('%s', (spec, struct) => {
    expect(schemaProblems(spec.arguments, struct, spec.type)).toEqual([]);
    expect(Object.keys(spec.arguments)).toEqual(Object.keys(spec.arguments).sort());
  });

  test('the check catches a drift: a wrong kind, a wrong required flag, a missing block argument', () => {
    const drifted: Record<string, ArgumentSpec> = {
      ...OTC_ROLE.arguments,
      display_layer: { kind: 'stringList', required: true },
      description: { kind: 'string', required: false },
      statement: { kind: 'blockList', required: true, storageClass: 'x', block: { effect: { kind: 'string', required: true } } },
    };
    expect(schemaProblems(drifted, 'identityRoleV3.IdentityRoleV3Config', 'role')).toEqual([
      'role.description: required false, the schema says true',
      'role.display_layer: stringList, the schema says string',
      'role.statement.action: required by the schema, not written',
    ]);
  });

  test("the provider requirement is the bindings' provider's: source, version and constraint", () => {
    const provider = new OpentelekomcloudProvider(new TerraformStack(newApp(), 'p'), 'otc', {});
    expect({
      name: provider.terraformResourceType,
      source: provider.terraformProviderSource,
      version: provider.terraformGeneratorMetadata?.providerVersion,
      versionConstraint: provider.terraformGeneratorMetadata?.providerVersionConstraint,
    }).toEqual(OTC_PROVIDER);
  });
});

/**
 * The app of the README's admin stack: a lifecycle stack, and an admin stack with the bindings' provider and the role
 * granted through `grantTo`, or the same resources built with the bindings at the same construct paths.
 */
function adminApp(withBindings: boolean, grantTo: 'group' | 'agency'): App {
  const app = newApp();
  const lifecycle = newStack(app, 'maintenance');
  new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
  new ServerResize(lifecycle, 'resize', { serverId: SERVER_1, flavorRef: 's3.large.2' });
  const admin = new TerraformStack(app, 'admin');
  new OpentelekomcloudProvider(admin, 'otc', {});
  const grantee =
    grantTo === 'group' ? ({ kind: 'group', groupId: GROUP_ID } as const) : ({ kind: 'agency', name: 'ecs', delegatedDomainName: 'OTC-EU-DE-1' } as const);
  if (!withBindings) {
    new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [lifecycle], grantTo: grantee });
    return app;
  }
  // What LifecyclePolicyRole wrote through the bindings before it wrote its resources itself.
  const scope = new Construct(admin, 'ecs-policy');
  const role = new IdentityRoleV3(scope, 'maintenance', {
    displayName: 'ecs-lifecycle-maintenance',
    description: "cdktf-ecs-lifecycle: ecs-iam-policy.json of stack 'maintenance'",
    displayLayer: 'project',
    statement: Lazy.anyValue({ produce: () => roleStatementsOf(policyPlanOf(lifecycle)!.documents[0].document.Statement) }),
  });
  if (grantee.kind === 'group') {
    new IdentityRoleAssignmentV3(scope, 'maintenance-assignment', { groupId: GROUP_ID, roleId: role.id, projectId: '0123456789abcdef0123456789abcdef' });
  } else {
    new IdentityAgencyV3(scope, 'agency', {
      name: grantee.name,
      delegatedDomainName: grantee.delegatedDomainName,
      projectRole: [{ project: 'eu-de', roles: [role.displayName] }],
    });
  }
  return app;
}

describe("the role's plan is the plan the bindings wrote, byte for byte", () => {
  test.each([
    ['JSON (cdk.tf.json)', 'cdk.tf.json', 'group'],
    ['JSON (cdk.tf.json)', 'cdk.tf.json', 'agency'],
    ['HCL (cdk.tf, synth --hcl)', 'cdk.tf', 'group'],
    ['HCL (cdk.tf, synth --hcl)', 'cdk.tf', 'agency'],
  ] as const)('%s, granted to a %s', (_format, file, grantTo) => {
    const previous = process.env.SYNTH_HCL_OUTPUT;
    if (file === 'cdk.tf') process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const [expected, actual] = [adminApp(true, grantTo), adminApp(false, grantTo)];
      expected.synth();
      actual.synth();
      const plan = (app: App) => stackFiles(app, 'admin')[file].split(app.outdir).join('<outdir>');
      expect(plan(actual)).toBe(plan(expected));
      expect(plan(actual)).toContain(grantTo === 'group' ? 'opentelekomcloud_identity_role_assignment_v3' : 'opentelekomcloud_identity_agency_v3');
    } finally {
      if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
      else process.env.SYNTH_HCL_OUTPUT = previous;
    }
  });

  test('without any provider construct in the admin stack, the plan holds the required_providers entry and no provider block', () => {
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    new LifecyclePolicyRole(new TerraformStack(app, 'admin'), 'ecs-policy', { stacks: [lifecycle] });
    app.synth();
    const plan = JSON.parse(stackFiles(app, 'admin')['cdk.tf.json']);
    expect(plan.terraform.required_providers).toEqual({ opentelekomcloud: { source: 'opentelekomcloud/opentelekomcloud', version: '1.36.54' } });
    expect(plan.provider).toBeUndefined();
  });
});

describe("the app's own provider construct wins over the role's requirement", () => {
  test.each([
    ['before', true],
    ['after', false],
  ])('a provider of another version declared %s the role keeps its version and block; the role writes no entry of its own', (_when, first) => {
    // GIVEN the app's own opentelekomcloud provider (another version than the bindings pin), declared before or after the role
    class AppProvider extends TerraformProvider {
      constructor(scope: Construct) {
        super(scope, 'own-otc', {
          terraformResourceType: 'opentelekomcloud',
          terraformGeneratorMetadata: { providerName: 'opentelekomcloud', providerVersion: '1.99.0' },
          terraformProviderSource: 'opentelekomcloud/opentelekomcloud',
        });
      }
    }
    const app = newApp();
    const lifecycle = newStack(app, 'maintenance');
    new ServerStop(lifecycle, 'stop', { serverId: SERVER_1 });
    const admin = new TerraformStack(app, 'admin');
    if (first) new AppProvider(admin);
    new LifecyclePolicyRole(admin, 'ecs-policy', { stacks: [lifecycle] });
    if (!first) new AppProvider(admin);
    app.synth();
    // THEN the entry is the app's, and its provider block is there once
    const plan = JSON.parse(stackFiles(app, 'admin')['cdk.tf.json']);
    expect(plan.terraform.required_providers).toEqual({ opentelekomcloud: { source: 'opentelekomcloud/opentelekomcloud', version: '1.99.0' } });
    expect(plan.provider.opentelekomcloud).toHaveLength(1);
  });
});
