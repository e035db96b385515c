/**
 * What makes a construct a lifecycle resource: a null_resource (or terraform_data) whose triggers
 * identify the operation and whose local-exec provisioners run the apply-time CLI. The constructs are
 * the resources themselves, not wrappers around one, so a stack's plan has the same shape (and the same
 * addresses) as hand-written cdktf. They extend TerraformResource directly, with these helpers, rather
 * than through a shared base class: cdktf records a stack trace for every dependency, and its cost grows
 * with each constructor frame.
 */
import type { ITerraformDependable, LocalExecProvisioner, TerraformResourceConfig } from '../../private/cdk-core';
import type { ExecArguments } from '../../cloud/exec-arguments';
import type { OperationId } from '../../permissions/operation';
import { execProvisioner, triggersAttribute } from './command-line';
import { terraformLiteral } from './terraform-literal';

/** What the resource needs from the stack's EcsEnvironment. */
export interface ResourceSettings {
  readonly resourceType: 'null_resource' | 'terraform_data';
  readonly cliCommand: readonly string[];
}

/** One provisioner: an operation and its arguments. */
export interface ProvisionedOperation {
  readonly operation: OperationId;
  readonly args: ExecArguments;
}

/** Everything the resource is made of, decided (and validated) before it is created. */
export interface LifecycleResourceConfig {
  readonly settings: ResourceSettings;
  readonly create: ProvisionedOperation;
  /** Run when Terraform destroys the resource; its arguments may only reference `self`. */
  readonly destroy?: ProvisionedOperation;
  readonly dependsOn: ITerraformDependable[];
}

// The generator metadata of @cdktf/provider-null's Resource and of cdktf's DataResource.
const GENERATOR_METADATA = {
  null_resource: { providerName: 'null', providerVersion: '3.2.4', providerVersionConstraint: '~> 3.0' },
  terraform_data: { providerName: 'terraform' },
} as const;

/** The TerraformResource config: the resource type, its generator metadata, the provisioners and the dependencies. */
export function lifecycleResourceConfig(config: LifecycleResourceConfig): TerraformResourceConfig {
  const { settings } = config;
  const provisioners: LocalExecProvisioner[] = [execProvisioner(settings.cliCommand, config.create.operation, config.create.args)];
  if (config.destroy) provisioners.push(execProvisioner(settings.cliCommand, config.destroy.operation, config.destroy.args, 'destroy'));
  return {
    terraformResourceType: settings.resourceType,
    terraformGeneratorMetadata: GENERATOR_METADATA[settings.resourceType],
    provisioners,
    dependsOn: config.dependsOn.length ? config.dependsOn : undefined,
  };
}

/**
 * The resource's triggers, under the attribute of its type (`triggers` or `triggers_replace`): values whose
 * change makes Terraform replace the resource, re-running the create-time operation.
 */
export class TriggerAttributes {
  private readonly attribute: 'triggers' | 'triggers_replace';

  private readonly triggers: Readonly<Record<string, string>>;

  constructor(resourceType: string, triggers: Readonly<Record<string, string>>) {
    this.attribute = triggersAttribute(resourceType);
    const escaped: Record<string, string> = {};
    for (const name in triggers) escaped[name] = terraformLiteral(triggers[name]);
    this.triggers = escaped;
  }

  /** For `synthesizeAttributes` (JSON output). */
  json(): Record<string, unknown> {
    return { [this.attribute]: this.triggers };
  }

  /** For `synthesizeHclAttributes` (`cdktf synth --hcl`). */
  hcl(): Record<string, unknown> {
    return { [this.attribute]: { value: this.triggers, isBlock: false, type: 'map', storageClassType: 'stringMap' } };
  }
}
