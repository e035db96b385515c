/**
 * Seed servers read from a synthesized stack (`emulator --servers-from <stack folder>`): every server the plan's
 * provisioners name, in a state the plan can run from. Reads the plan's words only (the `exec` command lines in
 * `cdk.tf.json`), so the emulator stays independent of the library's catalog.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedServer } from './emulator-options';

/** What a plan seeds. */
export interface PlanSeed {
  readonly servers: readonly SeedServer[];
  /** The project the plan's commands name, when they all name the same literal one. */
  readonly projectId?: string;
  /** Server ids known only at apply (Terraform references): not seeded. */
  readonly unresolved: readonly string[];
}

/** The flavor a seeded server has, unless the plan resizes it to that flavor (then the next one). */
const SEED_FLAVORS = ['s3.medium.2', 's3.large.2'];
/** The image a seeded server runs. */
const SEED_IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';

interface Step {
  readonly address: string;
  readonly operation: string;
  readonly flags: ReadonlyMap<string, string>;
  readonly dependsOn: readonly string[];
}

/** Reads `<stackDir>/cdk.tf.json` and derives the servers to seed. */
export function seedFromPlan(stackDir: string): PlanSeed {
  const file = join(stackDir, 'cdk.tf.json');
  let plan: { resource?: Record<string, Record<string, PlanResource>> };
  try {
    plan = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `--servers-from ${stackDir}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the folder of a synthesized stack, e.g. cdktf.out/stacks/prod`,
    );
  }
  const steps = stepsOf(plan.resource ?? {});
  const projects = new Set(steps.map((s) => s.flags.get('--project-id')).filter((p): p is string => p !== undefined && !isReference(p)));
  const byServer = new Map<string, Step[]>();
  const unresolved = new Set<string>();
  for (const step of steps) {
    for (const id of serverIdsOf(step)) {
      if (isReference(id)) unresolved.add(id);
      else byServer.set(id, [...(byServer.get(id) ?? []), step]);
    }
  }
  const servers = [...byServer].map(([id, onServer]) => seedServer(id, onServer));
  return { servers, ...(projects.size === 1 ? { projectId: [...projects][0] } : {}), unresolved: [...unresolved].sort() };
}

interface PlanResource {
  readonly depends_on?: readonly string[];
  readonly provisioner?: readonly { readonly 'local-exec'?: { readonly interpreter?: readonly string[]; readonly command?: string; readonly when?: string } }[];
}

// The create-time `exec` command lines of the plan, with the resource each belongs to.
function stepsOf(resources: Record<string, Record<string, PlanResource>>): Step[] {
  const steps: Step[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, resource] of Object.entries(byName)) {
      for (const provisioner of resource.provisioner ?? []) {
        const exec = provisioner['local-exec'];
        if (!exec || exec.when === 'destroy') continue;
        const words = [...(exec.interpreter ?? []), ...(exec.command !== undefined ? [exec.command] : [])];
        const at = words.indexOf('exec');
        if (at < 0 || at + 1 >= words.length) continue;
        const flags = new Map<string, string>();
        for (let i = at + 2; i + 1 < words.length; i += 2) flags.set(words[i], words[i + 1]);
        steps.push({ address: `${type}.${name}`, operation: words[at + 1], flags, dependsOn: resource.depends_on ?? [] });
      }
    }
  }
  return steps;
}

function serverIdsOf(step: Step): string[] {
  const one = step.flags.get('--server-id');
  const many = step.flags.get('--server-ids');
  return [...(one !== undefined ? [one] : []), ...(many !== undefined ? splitList(many) : [])];
}

// A list joined at apply from references is one reference; a literal list is split on commas.
function splitList(value: string): string[] {
  return isReference(value) ? [value] : value.split(',');
}

function isReference(value: string): boolean {
  return value.includes('${');
}

// The server's first operation in the plan (none of the others on it runs before it) decides its state.
function seedServer(id: string, steps: readonly Step[]): SeedServer {
  const runsBefore = (a: Step, b: Step, seen = new Set<string>()): boolean =>
    b.dependsOn.some((address) => {
      if (address === a.address) return true;
      if (seen.has(address)) return false;
      seen.add(address);
      const via = steps.find((s) => s.address === address);
      return via !== undefined && runsBefore(a, via, seen);
    });
  const first = steps.find((s) => !steps.some((other) => other !== s && runsBefore(other, s))) ?? steps[0];
  const targets = new Set(steps.map((s) => s.flags.get('--flavor-ref')));
  const flavorRef = SEED_FLAVORS.find((f) => !targets.has(f)) ?? SEED_FLAVORS[0];
  return { id, name: `server-${id.slice(0, 8)}`, flavorRef, imageId: SEED_IMAGE, ...initialState(first) };
}

/** The state the first operation runs from: stopped before a start or an operation the cloud runs only on a stopped server. */
function initialState(step: Step): Pick<SeedServer, 'status' | 'locked'> {
  const { operation } = step;
  if (operation === 'server-unlock') return { status: 'ACTIVE', locked: true };
  if (operation === 'fleet-wave') return { status: /^stop\b/.test(step.flags.get('--steps') ?? '') ? 'ACTIVE' : 'SHUTOFF' };
  if (/^server-(start|change-os|reinstall-os|resize-cloudservers|group-members)/.test(operation)) return { status: 'SHUTOFF' };
  return { status: 'ACTIVE' };
}
