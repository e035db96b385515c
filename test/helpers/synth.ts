import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { EcsEnvironment, type EcsEnvironmentProps, SynthError } from '../../src';

export const PROJECT_ID = '0123456789abcdef0123456789abcdef';
export const SERVER_1 = '1a2b3c4d-0000-4000-8000-000000000001';
export const SERVER_2 = '1a2b3c4d-0000-4000-8000-000000000002';
export const IMAGE_ID = 'e215580f-73ad-429d-b6f2-5433947433b0';

const outdirs: string[] = [];

/** A fresh app writing into its own temp outdir, removed after the test file. */
export function newApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-lifecycle-test-'));
  outdirs.push(outdir);
  return new App({ outdir, skipValidation: false });
}

/** A stack with an EcsEnvironment (OTC eu-de unless overridden). */
export function newStack(app: App = newApp(), id = 'prod', env: Partial<EcsEnvironmentProps> = {}): TerraformStack {
  const stack = new TerraformStack(app, id);
  new EcsEnvironment(stack, 'ecs', { cloud: 'otc', region: 'eu-de', projectId: PROJECT_ID, ...env });
  return stack;
}

/** The files app.synth() wrote for a stack, by name. */
export function stackFiles(app: App, stackId: string): Record<string, string> {
  const dir = path.join(app.outdir, 'stacks', stackId);
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]),
  );
}

/** The policy's actions for a synthesized stack. */
export function policyActions(app: App, stackId: string): string[] {
  const doc = JSON.parse(stackFiles(app, stackId)['ecs-iam-policy.json']);
  return doc.Statement.flatMap((s: { Action: string[] }) => s.Action);
}

/** Every file under a directory, recursively. */
export function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

afterAll(() => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The message a declaration was refused with, or undefined when it was accepted. A construct refused at
 * declaration joins the tree as a placeholder carrying its error annotation (synth then fails with every
 * such error at once); one whose id is already taken cannot join and throws its SynthError at once. Both are
 * read here.
 */
export function refusalOf(scope: IConstruct, declare: () => unknown): string | undefined {
  const before = new Set(scope.node.findAll());
  try {
    declare();
  } catch (error) {
    if (error instanceof SynthError) return error.message;
    throw error;
  }
  const errors = scope.node
    .findAll()
    .filter((c) => !before.has(c))
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data)));
  return errors.length ? errors.join('\n') : undefined;
}
