/** Reading the plan: provisioners parsed with exec's parser, Terraform's escapes undone, references resolved from the state. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidArgumentError } from '../../src/runtime/errors/invalid-argument-error';
import { isUnknown, readPlan, referenceOf } from '../../src/preview/read-plan';

const SERVER = '1a2b3c4d-0000-4000-8000-000000000001';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stack folder holding `resource` as its plan's resources, and `state` as its Terraform state. */
function stackFolder(resource: Record<string, unknown>, state?: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-plan-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } }, resource }));
  if (state) fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
  return dir;
}

const provisioner = (words: string[], when?: 'destroy') => ({
  'local-exec': { interpreter: ['node', 'cli.js', 'exec', ...words.slice(0, -1)], command: words[words.length - 1], ...(when ? { when } : {}) },
});
const COMMON = ['--cloud', 'otc', '--region', 'eu-de', '--project-id', '0123456789abcdef0123456789abcdef'];

describe('reading the plan', () => {
  test('GIVEN literal escapes THEN the values are what Terraform passes; GIVEN a reference THEN the value is unknown and names it', () => {
    const dir = stackFolder({
      null_resource: {
        stop: {
          provisioner: [
            provisioner([
              'server-stop',
              ...COMMON,
              '--server-id',
              '${opentelekomcloud_compute_instance_v2.web.id}',
              '--stop-type',
              'SOFT',
              '--construct-path',
              'prod/$${x}%%{y}',
            ]),
          ],
        },
      },
    });
    const [stack] = readPlan(dir);
    const [step] = stack.steps;
    expect(step.construct).toBe('prod/${x}%{y}');
    expect(isUnknown(step.args.serverId!)).toBe(true);
    expect(referenceOf(step.args.serverId!)).toBe('${opentelekomcloud_compute_instance_v2.web.id}');
  });

  test('GIVEN a list mixing a literal and a reference THEN each element is known or unknown alone', () => {
    const dir = stackFolder({
      terraform_data: {
        wave: {
          provisioner: [
            provisioner([
              'fleet-wave',
              ...COMMON,
              '--server-ids',
              `${SERVER},\${terraform_data.other.output}`,
              '--steps',
              'start',
              '--construct-path',
              'prod/fleet',
            ]),
          ],
        },
      },
    });
    const ids = readPlan(dir)[0].steps[0].args.serverIds!.split(',');
    expect(ids.map(isUnknown)).toEqual([false, true]);
    expect(ids[0]).toBe(SERVER);
  });

  test('GIVEN references the state holds (null_resource: a string; terraform_data: { value }) THEN they resolve, and say so', () => {
    const dir = stackFolder(
      {
        null_resource: {
          a: { provisioner: [provisioner(['server-start', ...COMMON, '--server-id', '${null_resource.made.id}', '--construct-path', 'prod/a'])] },
          b: { provisioner: [provisioner(['server-start', ...COMMON, '--server-id', '${terraform_data.made.output}', '--construct-path', 'prod/b'])] },
        },
      },
      {
        resources: [
          { mode: 'managed', type: 'null_resource', name: 'made', instances: [{ attributes: { id: SERVER } }] },
          { mode: 'managed', type: 'terraform_data', name: 'made', instances: [{ attributes: { output: { value: SERVER, type: 'string' } } }] },
        ],
      },
    );
    const steps = readPlan(dir)[0].steps;
    expect(steps.map((s) => [s.args.serverId, s.resolved])).toEqual([
      [SERVER, [`null_resource.made.id = ${SERVER}`]],
      [SERVER, [`terraform_data.made.output = ${SERVER}`]],
    ]);
  });

  test("GIVEN a destroy-time provisioner referencing self THEN it reads the resource's own triggers, and is listed apart", () => {
    const dir = stackFolder({
      null_resource: {
        group: {
          triggers: { name: 'web', policy: 'anti-affinity' },
          provisioner: [
            provisioner(['server-group-create', ...COMMON, '--name', 'web', '--policy', 'anti-affinity', '--construct-path', 'prod/group']),
            provisioner(['server-group-delete', ...COMMON, '--name', '${self.triggers.name}', '--construct-path', 'prod/group'], 'destroy'),
          ],
        },
      },
    });
    const [stack] = readPlan(dir);
    expect(stack.steps.map((s) => s.operation)).toEqual(['server-group-create']);
    expect(stack.destroySteps.map((s) => [s.operation, s.args.name])).toEqual([['server-group-delete', 'web']]);
  });

  test('GIVEN the state holds the resource with the same triggers THEN its create step is marked applied; other triggers are not', () => {
    const resource = (serverId: string) => ({
      null_resource: {
        stop: {
          triggers: { server_id: serverId },
          provisioner: [provisioner(['server-stop', ...COMMON, '--server-id', serverId, '--stop-type', 'SOFT', '--construct-path', 'prod/stop'])],
        },
      },
    });
    const state = { resources: [{ mode: 'managed', type: 'null_resource', name: 'stop', instances: [{ attributes: { triggers: { server_id: SERVER } } }] }] };
    expect(readPlan(stackFolder(resource(SERVER), state))[0].steps[0].applied).toBe(true);
    expect(readPlan(stackFolder(resource('1a2b3c4d-0000-4000-8000-000000000002'), state))[0].steps[0].applied).toBe(false);
  });

  test('GIVEN a provisioner whose command line exec would refuse THEN reading fails, naming the resource and the problem', () => {
    const dir = stackFolder({ null_resource: { bad: { provisioner: [provisioner(['server-stop', ...COMMON, '--construct-path', 'prod/bad'])] } } });
    expect(() => readPlan(dir)).toThrow(InvalidArgumentError);
    expect(() => readPlan(dir)).toThrow(/null_resource.bad: the provisioner's command line is not one exec takes: missing required option '--server-id'/);
  });

  test('GIVEN a flag exec takes but this reader never names THEN it is parsed by the shared parser like any other', () => {
    const dir = stackFolder({
      null_resource: {
        stop: {
          provisioner: [
            provisioner(['server-stop', ...COMMON, '--timeout', '90', '--server-id', SERVER, '--stop-type', 'HARD', '--construct-path', 'prod/stop']),
          ],
        },
      },
    });
    expect(readPlan(dir)[0].steps[0].args).toMatchObject({ timeout: '90', stopType: 'HARD', serverId: SERVER });
  });
});
