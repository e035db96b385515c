/**
 * The checks every construct makes before it is created: its stack has an EcsEnvironment, and it was
 * given props. They run before the construct joins the tree, so a refused construct leaves nothing behind.
 */
import { TerraformStack } from '../../private/cdk-core';
import { type IConstruct, Node } from 'constructs';
import { invalidProperty, missingEnvironment, refusedDependency } from '../../errors';
import { isRefused } from './synth-problems';
import { EcsEnvironment } from '../ecs-environment';
import type { Subject } from './validate';

/** The construct about to be created as `id` in `scope`, named by the path constructs will give it. */
export function subjectOf(scope: IConstruct, id: string, construct: string): Subject {
  // constructs escapes path separators in an id as '--' (Node.PATH_SEP, and the address separator '\n').
  const sanitized = id.includes('/') || id.includes('\n') ? id.replace(/[/\n]/g, '--') : id;
  return { path: scope.node.path ? `${scope.node.path}${Node.PATH_SEP}${sanitized}` : sanitized, construct };
}

/** Returns the EcsEnvironment of the stack `scope` is in, or throws naming the construct and the fix. */
export function requireEnvironment(scope: IConstruct, subject: Subject, props: unknown, propsExample: string): EcsEnvironment {
  const environment = EcsEnvironment.of(scope);
  if (!environment) {
    const refused = refusedEnvironmentIn(TerraformStack.of(scope));
    if (refused) throw refusedDependency(subject.path, subject.construct, "the stack's EcsEnvironment", refused.node.path);
    throw missingEnvironment(subject.path, subject.construct, TerraformStack.of(scope).node.path);
  }
  if (props === undefined || props === null) throw invalidProperty(subject.path, subject.construct, 'props', 'are missing', `pass ${propsExample}`);
  return environment;
}

/** The stack's refused EcsEnvironment, when it has no accepted one (looked for only then: it walks the stack). */
export function refusedEnvironmentIn(stack: TerraformStack): EcsEnvironment | undefined {
  return stack.node.findAll().find((c): c is EcsEnvironment => c instanceof EcsEnvironment && TerraformStack.of(c) === stack && isRefused(c));
}
