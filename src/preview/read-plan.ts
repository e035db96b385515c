/**
 * Reads what apply will run from the synthesized plan: every lifecycle resource of each stack's `cdk.tf.json`,
 * its provisioners parsed with the same command-line parser `exec` uses (so flags added later are understood),
 * its dependencies, and what the stack's Terraform state already holds. Values the plan leaves to Terraform
 * (`${…}` references) are resolved from the state where they can be, and otherwise stay unknown.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ExecArgumentName, type ExecArguments, parseExecArgv } from '../cloud/exec-arguments';
import { isOperationId, type OperationId } from '../permissions/operation';
import { InvalidArgumentError } from '../runtime/errors/invalid-argument-error';

/** Marks a value (or one element of a list) that Terraform substitutes at apply and the preview cannot know. */
const UNKNOWN_MARK = '\u0000';

/** One provisioner of a lifecycle resource: an `exec` run apply (or destroy) will make. */
export interface PlannedStep {
  /** The resource's Terraform address, e.g. `terraform_data.stop-web1`. */
  readonly address: string;
  /** The construct path (the provisioner's `command`). */
  readonly construct: string;
  readonly operation: OperationId;
  /** The arguments; a value Terraform substitutes at apply and the state does not hold is unknown (see `isUnknown`). */
  readonly args: ExecArguments;
  /** When the provisioner runs. */
  readonly when: 'create' | 'destroy';
  /** The lifecycle resources it depends on, by address. */
  readonly dependsOn: readonly string[];
  /** The references resolved from the Terraform state: `<reference> = <value>`. */
  readonly resolved: readonly string[];
  /** Whether the state holds the resource with the same triggers, so apply does not run its create step again. */
  readonly applied: boolean;
}

/** One stack of the plan. */
export interface PlannedStack {
  readonly stack: string;
  readonly dir: string;
  /** Create-time steps, in the plan's order (apply order is worked out from `dependsOn`). */
  readonly steps: readonly PlannedStep[];
  /** Destroy-time steps. */
  readonly destroySteps: readonly PlannedStep[];
}

/** Whether a value (or a list element) is a reference the preview could not resolve. */
export function isUnknown(value: string): boolean {
  return value.startsWith(UNKNOWN_MARK);
}

/** The reference an unknown value stands for, as the plan writes it, e.g. `${opentelekomcloud_compute_instance_v2.web.id}`. */
export function referenceOf(value: string): string {
  return isUnknown(value) ? value.slice(UNKNOWN_MARK.length) : value;
}

/**
 * Reads a `cdktf.out` folder (every stack under `stacks/`) or one stack folder (holding `cdk.tf.json`).
 * @throws InvalidArgumentError when the path holds no plan, or a plan that cannot be read
 */
export function readPlan(path: string): PlannedStack[] {
  if (!existsSync(path)) throw new InvalidArgumentError([`${path}: no such file or folder`]);
  if (!statSync(path).isDirectory())
    throw new InvalidArgumentError([`${path}: not a folder; pass a cdktf.out folder or a stack folder (cdktf.out/stacks/<stack>)`]);
  const stacksDir = join(path, 'stacks');
  if (existsSync(join(stacksDir))) {
    return readdirSync(stacksDir)
      .sort()
      .filter((name) => existsSync(join(stacksDir, name, 'cdk.tf.json')))
      .map((name) => readStack(name, join(stacksDir, name)))
      .filter((stack) => stack.steps.length + stack.destroySteps.length > 0);
  }
  if (existsSync(join(path, 'cdk.tf.json'))) {
    const name =
      path
        .replace(/[/\\]+$/, '')
        .split(/[/\\]/)
        .pop() ?? path;
    return [readStack(name, path)];
  }
  throw new InvalidArgumentError([`${path}: neither a cdktf.out folder (no stacks/ inside) nor a stack folder (no cdk.tf.json inside)`]);
}

interface StateResource {
  readonly attributes: Readonly<Record<string, unknown>>;
}

function readStack(stack: string, dir: string): PlannedStack {
  const plan = readJson(join(dir, 'cdk.tf.json'));
  const state = readState(dir, plan);
  const steps: PlannedStep[] = [];
  const destroySteps: PlannedStep[] = [];
  const resources = record(plan.resource);
  const lifecycleAddresses = new Set<string>();
  for (const [type, byName] of Object.entries(resources)) for (const name of Object.keys(record(byName))) lifecycleAddresses.add(`${type}.${name}`);
  for (const type of Object.keys(resources).sort()) {
    const byName = record(resources[type]);
    for (const name of Object.keys(byName).sort()) {
      const resource = record(byName[name]);
      const address = `${type}.${name}`;
      const triggers = stringRecord(resource.triggers ?? resource.triggers_replace);
      const dependsOn = (Array.isArray(resource.depends_on) ? resource.depends_on : []).filter((d): d is string => typeof d === 'string');
      const provisioners = Array.isArray(resource.provisioner) ? resource.provisioner : [];
      for (const provisioner of provisioners) {
        const localExec = record(record(provisioner)['local-exec']);
        const step = stepOf(address, localExec, triggers, state, dependsOn);
        if (!step) continue;
        const applied = step.when === 'create' && sameTriggers(state.get(address), triggers);
        (step.when === 'destroy' ? destroySteps : steps).push({ ...step, applied });
      }
    }
  }
  return { stack, dir, steps, destroySteps };
}

function stepOf(
  address: string,
  localExec: Record<string, unknown>,
  triggers: Readonly<Record<string, string>>,
  state: ReadonlyMap<string, StateResource>,
  dependsOn: readonly string[],
): Omit<PlannedStep, 'applied'> | undefined {
  const interpreter = Array.isArray(localExec.interpreter) ? localExec.interpreter.filter((w): w is string => typeof w === 'string') : [];
  const command = typeof localExec.command === 'string' ? localExec.command : undefined;
  const start = interpreter.findIndex((word, i) => word === 'exec' && isOperationId(interpreter[i + 1] ?? ''));
  if (start < 0 || command === undefined) return undefined;
  const resolved: string[] = [];
  const resolve = (reference: string) => resolveReference(reference, triggers, state, resolved);
  const argv = [...interpreter.slice(start + 1), command].map((word) => planValue(word, resolve));
  const parsed = parseExecArgv(argv, isOperationId);
  if (!parsed.ok) throw new InvalidArgumentError([`${address}: the provisioner's command line is not one exec takes: ${parsed.problems.join('; ')}`]);
  return {
    address,
    construct: parsed.args.constructPath,
    operation: parsed.operation,
    args: parsed.args,
    when: localExec.when === 'destroy' ? 'destroy' : 'create',
    dependsOn,
    resolved: [...new Set(resolved)].sort(),
  };
}

/**
 * The value Terraform gives a word of the plan: `$${` and `%%{` are the literal `${` and `%{`; `${reference}` is
 * substituted. Each element of a list (a JSON array the constructs write, or a comma-separated word) is resolved
 * alone, so a list mixing literals and references keeps what is known; the preview lists it comma-separated.
 */
function planValue(word: string, resolve: (reference: string) => string | undefined): string {
  const list = planList(word, resolve);
  if (list !== undefined) return list.join(',');
  return splitOutsideReferences(word)
    .map((element) => {
      let unknown = false;
      const text = element.replace(/\$\$\{|%%\{|\$\{([^}]*)\}/g, (match, reference: string | undefined) => {
        if (reference === undefined) return match.slice(1);
        const value = resolve(reference.trim());
        if (value === undefined) unknown = true;
        return value ?? match;
      });
      return unknown ? `${UNKNOWN_MARK}${element}` : text;
    })
    .join(',');
}

/**
 * A list the constructs write as one word (`terraformJsonList`): a JSON array of literals, or
 * `${jsonencode([<"literal"> | tostring(<reference>), …])}` when an element is a reference. Each element is resolved
 * alone (an unresolved reference stays unknown). Undefined when the word is not such a list.
 */
function planList(word: string, resolve: (reference: string) => string | undefined): string[] | undefined {
  const literal = word.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (literal.startsWith('[') && !word.includes('${')) {
    try {
      const parsed: unknown = JSON.parse(literal);
      if (Array.isArray(parsed) && parsed.every((e) => typeof e === 'string')) return parsed;
    } catch {
      return undefined;
    }
  }
  const expression = /^\$\{jsonencode\(\[(.*)\]\)\}$/s.exec(word);
  if (!expression) return undefined;
  const elements: string[] = [];
  const element = /\s*(?:("(?:[^"\\]|\\.)*")|tostring\(([^()]*)\))\s*(,|$)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while (end < expression[1].length && (match = element.exec(expression[1])) !== null) {
    end = element.lastIndex;
    if (match[1] !== undefined) elements.push((JSON.parse(match[1]) as string).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
    else {
      const reference = match[2].trim();
      const value = resolve(reference);
      elements.push(value ?? `${UNKNOWN_MARK}\${${reference}}`);
    }
    if (match[3] === '') break;
  }
  return end === expression[1].length ? elements : undefined;
}

function splitOutsideReferences(word: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < word.length; i += 1) {
    const c = word[i];
    if (c === '{' && word[i - 1] === '$') depth += 1;
    else if (c === '}' && depth > 0) depth -= 1;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** `self.triggers.<name>` from the resource's own triggers; `<type>.<name>.<attribute>` from the Terraform state. */
function resolveReference(
  reference: string,
  triggers: Readonly<Record<string, string>>,
  state: ReadonlyMap<string, StateResource>,
  resolved: string[],
): string | undefined {
  const self = /^self\.(?:triggers|triggers_replace)\.([A-Za-z0-9_-]+)$/.exec(reference);
  if (self) {
    const trigger = triggers[self[1]];
    return trigger === undefined ? undefined : planValue(trigger, () => undefined);
  }
  const attribute = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)$/.exec(reference);
  if (!attribute) return undefined;
  const held = state.get(attribute[1])?.attributes[attribute[2]];
  // terraform_data keeps its dynamic `input` and `output` as { value, type }.
  const value = typeof held === 'string' ? held : record(held).value;
  if (typeof value !== 'string') return undefined;
  resolved.push(`${reference} = ${value}`);
  return value;
}

// The stack's local state (cdktf's LocalBackend writes it in the stack folder), by resource address.
function readState(dir: string, plan: Record<string, unknown>): Map<string, StateResource> {
  const local = record(record(record(plan.terraform).backend).local);
  const path = join(dir, typeof local.path === 'string' ? local.path : 'terraform.tfstate');
  const resources = new Map<string, StateResource>();
  if (!existsSync(path)) return resources;
  const state = readJson(path);
  for (const resource of Array.isArray(state.resources) ? state.resources : []) {
    const r = record(resource);
    if (r.mode !== 'managed' || typeof r.type !== 'string' || typeof r.name !== 'string' || r.module !== undefined) continue;
    const instances = Array.isArray(r.instances) ? r.instances : [];
    if (instances.length !== 1) continue;
    resources.set(`${r.type}.${r.name}`, { attributes: record(record(instances[0]).attributes) });
  }
  return resources;
}

// terraform_data keeps triggers_replace as a typed value ({ value, type }); null_resource keeps a plain map.
function sameTriggers(resource: StateResource | undefined, triggers: Readonly<Record<string, string>>): boolean {
  if (!resource) return false;
  const held = resource.attributes.triggers ?? record(resource.attributes.triggers_replace).value;
  const planned = Object.fromEntries(Object.entries(triggers).map(([name, value]) => [name, planValue(value, () => undefined)]));
  if (Object.values(planned).some(isUnknown)) return false;
  return stableJson(stringRecord(held)) === stableJson(planned);
}

function stableJson(value: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );
}

function readJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError([`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  try {
    return record(JSON.parse(text));
  } catch (error) {
    throw new InvalidArgumentError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The arguments whose value is unknown. */
export function unknownArguments(args: ExecArguments): ExecArgumentName[] {
  return (Object.keys(args) as ExecArgumentName[]).filter((name) => args[name]?.split(',').some(isUnknown));
}
