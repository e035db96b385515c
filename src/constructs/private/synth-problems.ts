/**
 * Every synth problem at once. A construct whose props are refused does not throw: its SynthError is
 * recorded as an error annotation of the core (the `@cdktf/error` metadata `Annotations.addError` writes,
 * without a stack trace) and the construct stays in the tree as an inert placeholder, so the app goes on
 * and every other construct is checked too. At synth, before anything is written for the stack, the
 * stack's error annotations are collected, with those of every other stack of the app, and synth fails
 * once with all of them: in-process as one SynthError listing them (what `Testing.fullSynth` and a test
 * see), and, when nothing catches it (`node main.js`), as the list alone on stderr with exit code 1 and no
 * stack trace. Under `cdktf synth` / `cdktn synth` (which set `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS`)
 * the CLI prints the annotations itself and fails. Any other error is a programming error and keeps its trace.
 */
import { AnnotationMetadataEntryType, type ISynthesisSession, TerraformStack } from '../../private/cdk-core';
import type { IConstruct } from 'constructs';
import { RefusedDependency, SynthError } from '../../errors';
import { printableText } from '../../validation/printable';

/** The outcome of a construct's checks: their result, or the problem that refused it. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: SynthError };

/**
 * Runs a construct's checks. A SynthError is returned as the problem, to be recorded once the construct
 * is in the tree (`recordProblem`); any other error is a bug and propagates with its trace.
 */
export function runChecks<T>(checks: () => T): Checked<T> {
  try {
    return { ok: true, value: checks() };
  } catch (error) {
    if (error instanceof SynthError) return { ok: false, problem: error };
    throw error;
  }
}

/**
 * Records a problem on a construct as an error annotation (once), and makes its stack fail at synth. A refused
 * dependency records nothing (the construct it needs holds the error) but still makes the stack fail.
 */
export function recordProblem(construct: IConstruct, problem: SynthError | string): void {
  if (problem instanceof RefusedDependency) {
    if (!construct.node.metadata.some((m) => m.type === REFUSED_DEPENDENCY)) construct.node.addMetadata(REFUSED_DEPENDENCY, problem.constructPath);
  } else addAnnotation(construct, AnnotationMetadataEntryType.ERROR, typeof problem === 'string' ? problem : problem.message);
  failSynthOnErrors(TerraformStack.of(construct));
}

/** Marks a placeholder refused for a refused dependency: it holds no error of its own, but no rule judges it either. */
const REFUSED_DEPENDENCY = 'ecs-lifecycle:refused-dependency';

/**
 * Throws the problem of a construct that cannot join the tree even as a placeholder: its id is already taken in its
 * scope (`path` is the path the construct would have, its last part the id as constructs keeps it).
 */
export function throwUnlessPlaceable(scope: IConstruct, path: string, problem: SynthError): void {
  if (scope.node.tryFindChild(path.slice(path.lastIndexOf('/') + 1)) !== undefined) throw problem;
}

/** Records a warning annotation on a construct, once (the core does not deduplicate, and checks may run at every synth). */
export function recordWarning(construct: IConstruct, message: string): void {
  addAnnotation(construct, AnnotationMetadataEntryType.WARN, message);
}

/** Checks run at synth, before the stack's errors are collected (e.g. the policy's, the rules'). */
const SYNTH_CHECKS = new WeakMap<TerraformStack, (() => void)[]>();
const GUARDED = new WeakSet<TerraformStack>();

/** Registers a check the stack runs at synth before collecting its errors: it records problems, it does not throw. */
export function addSynthCheck(stack: TerraformStack, check: () => void): void {
  const checks = SYNTH_CHECKS.get(stack);
  if (checks) checks.push(check);
  else SYNTH_CHECKS.set(stack, [check]);
  failSynthOnErrors(stack);
}

/**
 * Wraps the stack's synthesizer (once): at synth, the registered checks run, then, if any construct of the app
 * holds an error annotation, synth fails with all of them before the stack's files are written.
 */
export function failSynthOnErrors(stack: TerraformStack): void {
  if (GUARDED.has(stack)) return;
  GUARDED.add(stack);
  const inner = stack.synthesizer;
  stack.synthesizer = {
    synthesize: (session: ISynthesisSession) => {
      for (const other of stacksOf(stack)) for (const check of SYNTH_CHECKS.get(other) ?? []) check();
      // The CLI collects the annotations from the manifest, prints them and fails: leave it to the core.
      if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined) {
        const errors = errorsOf(stack);
        if (errors.length) fail(stack, errors);
      }
      inner.synthesize(session);
    },
  };
}

/** Whether the construct itself was refused: it holds an error annotation, or needs a construct that was refused. */
export function isRefused(construct: IConstruct): boolean {
  return construct.node.metadata.some((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === REFUSED_DEPENDENCY);
}

/** Whether the stack (or, before it is synthesized, any of its constructs) holds an error annotation. */
export function hasErrors(stack: TerraformStack): boolean {
  return stack.node.findAll().some((c) => c.node.metadata.some((m) => m.type === AnnotationMetadataEntryType.ERROR));
}

/** The failure synth ends with: every error annotation of the app, one line each. */
export class SynthFailure extends SynthError {
  constructor(
    stackPath: string,
    /** Each error as `[construct path] message`. */
    readonly errors: readonly string[],
  ) {
    const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
    super(stackPath, printableText(`Synth found ${count}; nothing was written for the stack '${stackPath}':\n${errors.map((e) => `  ${e}`).join('\n')}`));
  }
}

// Every stack of the app, this one first: the errors of the whole app are reported at once.
function stacksOf(stack: TerraformStack): TerraformStack[] {
  const others = stack.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c) && c !== stack);
  return [stack, ...others];
}

function errorsOf(stack: TerraformStack): string[] {
  return stacksOf(stack).flatMap((s) =>
    s.node
      .findAll()
      .filter((c) => TerraformStack.of(c) === s)
      .flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR).map((m) => `[${c.node.path}] ${String(m.data)}`)),
  );
}

function addAnnotation(construct: IConstruct, type: string, text: string): void {
  // Shown by the CLI as written: a construct path with control characters is escaped first.
  const message = printableText(text);
  if (construct.node.metadata.some((m) => m.type === type && m.data === message)) return;
  // No stack trace: the message names the construct and the fix; the CLI would print a trace under it.
  construct.node.addMetadata(type, message);
}

// Thrown for in-process callers; when nothing catches it, Node would print the throwing line and a trace
// before it: a listener prints the list alone instead and exits 1. It is removed once the throw is caught.
function fail(stack: TerraformStack, errors: readonly string[]): never {
  const failure = new SynthFailure(stack.node.path, errors);
  if (process.listenerCount('uncaughtException') === 0) {
    const onUncaught = (error: unknown) => {
      process.removeListener('uncaughtException', onUncaught);
      process.stderr.write(error === failure ? `${failure.message}\n` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    };
    process.on('uncaughtException', onUncaught);
    setImmediate(() => process.removeListener('uncaughtException', onUncaught)).unref();
  }
  throw failure;
}
