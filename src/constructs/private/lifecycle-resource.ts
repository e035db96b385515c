/**
 * The Terraform resource every lifecycle construct is: a null_resource (or terraform_data) whose
 * triggers identify the operation and whose local-exec provisioners run the apply-time CLI. The
 * constructs are the resources themselves, not wrappers around one, so a stack's plan has the same
 * shape (and the same addresses) as hand-written cdktf.
 */
import { ITerraformDependable, LocalExecProvisioner, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ExecArguments } from '../../cloud/exec-arguments';
import { OperationId } from '../../permissions/operation';
import { commandLine, triggersAttribute } from './command-line';

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

/** Everything the resource is made of, decided (and validated) before it is created. */
export interface LifecycleResourceConfig {
  readonly settings: ResourceSettings;
  /** Values whose change makes Terraform replace the resource, re-running the create-time operation. */
  readonly triggers: Readonly<Record<string, string>>;
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

/** Base class of the lifecycle constructs. */
export abstract class LifecycleResource extends TerraformResource {
  private readonly triggers: Readonly<Record<string, string>>;

  protected constructor(scope: Construct, id: string, config: LifecycleResourceConfig) {
    const { settings } = config;
    const provisioners: LocalExecProvisioner[] = [
      { type: 'local-exec', command: commandLine(settings.cliCommand, config.create.operation, config.create.args) },
    ];
    if (config.destroy) {
      provisioners.push({ type: 'local-exec', when: 'destroy', command: commandLine(settings.cliCommand, config.destroy.operation, config.destroy.args) });
    }
    super(scope, id, {
      terraformResourceType: settings.resourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA[settings.resourceType],
      provisioners,
      dependsOn: config.dependsOn.length ? config.dependsOn : undefined,
    });
    this.triggers = config.triggers;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { [triggersAttribute(this.terraformResourceType)]: this.triggers };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      [triggersAttribute(this.terraformResourceType)]: { value: this.triggers, isBlock: false, type: 'map', storageClassType: 'stringMap' },
    };
  }
}
