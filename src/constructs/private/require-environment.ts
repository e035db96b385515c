/** The checks every construct makes first: its stack has an EcsEnvironment, and it was given props. */
import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalidProperty, missingEnvironment } from '../../errors';
import { EcsEnvironment } from '../ecs-environment';
import { Subject } from './validate';

/** Returns the stack's EcsEnvironment, or throws naming the construct and the fix. */
export function requireEnvironment(construct: IConstruct, subject: Subject, props: unknown, propsExample: string): EcsEnvironment {
  const environment = EcsEnvironment.of(construct);
  if (!environment) throw missingEnvironment(subject.path, subject.construct, TerraformStack.of(construct).node.path);
  if (props === undefined || props === null) throw invalidProperty(subject.path, subject.construct, 'props', 'are missing', `pass ${propsExample}`);
  return environment;
}
