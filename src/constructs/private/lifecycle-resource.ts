/**
 * Creates the Terraform resource behind a construct: a null_resource (or terraform_data) whose
 * triggers identify the operation and whose local-exec provisioners run the apply-time CLI.
 */
import { DataResource, ITerraformDependable, LocalExecProvisioner, TerraformResource } from 'cdktf';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { Construct } from 'constructs';
import { ExecArguments } from '../../cloud/exec-arguments';
import { OperationId } from '../../permissions/operation';
import { commandLine } from './command-line';

/** What the resource needs from the stack's EcsEnvironment. */
export interface ResourceSettings {
  readonly resourceType: 'null_resource' | 'terraform_data';
  readonly cliCommand: string;
}

/** One provisioner: an operation and its arguments. */
export interface ProvisionedOperation {
  readonly operation: OperationId;
  readonly args: ExecArguments;
}

export interface LifecycleResourceOptions {
  readonly settings: ResourceSettings;
  /** Values whose change makes Terraform replace the resource, re-running the create-time operation. */
  readonly triggers: Readonly<Record<string, string>>;
  readonly create: ProvisionedOperation;
  /** Run when Terraform destroys the resource; its arguments may only reference `self`. */
  readonly destroy?: ProvisionedOperation;
  readonly dependsOn: readonly ITerraformDependable[];
}

/** Creates the resource as the child `Resource` of `scope`. */
export function createLifecycleResource(scope: Construct, options: LifecycleResourceOptions): TerraformResource {
  const { settings } = options;
  const provisioners: LocalExecProvisioner[] = [
    { type: 'local-exec', command: commandLine(settings.cliCommand, options.create.operation, options.create.args) },
  ];
  if (options.destroy) {
    provisioners.push({ type: 'local-exec', when: 'destroy', command: commandLine(settings.cliCommand, options.destroy.operation, options.destroy.args) });
  }
  const dependsOn = options.dependsOn.length ? [...options.dependsOn] : undefined;
  const triggers = { ...options.triggers };
  return settings.resourceType === 'terraform_data'
    ? new DataResource(scope, 'Resource', { triggersReplace: triggers, provisioners, dependsOn })
    : new NullResource(scope, 'Resource', { triggers, provisioners, dependsOn });
}
