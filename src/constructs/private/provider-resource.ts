/**
 * Provider resources the library writes itself, on the app's own core (cdktf or cdktn), instead of through a provider's
 * generated bindings: the prebuilt bindings extend cdktf's core only (they cannot join a cdktn app's tree), and none
 * exist for the `huaweicloud` provider. A resource is plain data (its type, its provider and its arguments' schema);
 * one class synthesizes any of them exactly as generated bindings do, in JSON and in HCL.
 * `test/constructs/provider-resources.test.ts` checks the OTC schemas against `@cdktf/provider-opentelekomcloud`.
 */
import type { Construct } from 'constructs';
import {
  listMapper,
  listMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Tokenization,
} from '../../private/cdk-core';

/** A provider as `required_providers` and the generator metadata name it. */
export interface ProviderSpec {
  /** The provider's local name, and the prefix of its resource types. */
  readonly name: string;
  /** The registry source, e.g. `opentelekomcloud/opentelekomcloud`. */
  readonly source: string;
  /** Written to `required_providers` as the version, like generated bindings do: the pinned version if any. */
  readonly version?: string;
  readonly versionConstraint: string;
}

/** One argument or block of a resource, as the provider's schema declares it. */
export type ArgumentSpec =
  | { readonly kind: 'string'; readonly required: boolean }
  | { readonly kind: 'stringList' | 'stringSet'; readonly required: boolean }
  | {
      readonly kind: 'blockList' | 'blockSet';
      readonly required: boolean;
      /** The block class generated bindings name in HCL metadata (`…List`). */
      readonly storageClass: string;
      readonly block: Readonly<Record<string, ArgumentSpec>>;
    };

/** A resource type: its provider and the arguments the library writes, in the provider's snake_case names. */
export interface ResourceSpec {
  readonly type: string;
  readonly provider: ProviderSpec;
  /** In alphabetical order, as generated bindings write them. */
  readonly arguments: Readonly<Record<string, ArgumentSpec>>;
}

/** A resource of `spec`, with argument values by snake_case name (strings, string lists, tokens or blocks). */
export class ProviderResource extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly spec: ResourceSpec,
    private readonly values: Readonly<Record<string, unknown>>,
  ) {
    super(scope, id, {
      terraformResourceType: spec.type,
      terraformGeneratorMetadata: {
        providerName: spec.provider.name,
        ...(spec.provider.version ? { providerVersion: spec.provider.version } : {}),
        providerVersionConstraint: spec.provider.versionConstraint,
      },
    });
    const unknown = Object.keys(values).filter((name) => !(name in spec.arguments));
    if (unknown.length) throw new Error(`internal error: ${spec.type} has no argument ${unknown.join(', ')}`);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraform(this.spec.arguments, this.values);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toHclTerraform(this.spec.arguments, this.values);
  }
}

function toTerraform(args: Readonly<Record<string, ArgumentSpec>>, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([name, spec]) => [name, mapValue(spec, values[name])]));
}

function mapValue(spec: ArgumentSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'string':
      return stringToTerraform(value);
    case 'stringList':
    case 'stringSet':
      return listMapper(stringToTerraform, false)(value);
    default:
      return listMapper((block: unknown) => (isStruct(block) ? toTerraform(spec.block, block) : block), true)(value);
  }
}

function toHclTerraform(args: Readonly<Record<string, ArgumentSpec>>, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const attributes = Object.entries(args).map(([name, spec]) => [name, hclValue(spec, values[name])] as const);
  // Generated bindings leave out what is not set.
  return Object.fromEntries(attributes.filter(([, a]) => a.value !== undefined));
}

function hclValue(spec: ArgumentSpec, value: unknown): { value: unknown; isBlock: boolean; type: string; storageClassType: string } {
  switch (spec.kind) {
    case 'string':
      return { value: stringToHclTerraform(value), isBlock: false, type: 'simple', storageClassType: 'string' };
    case 'stringList':
    case 'stringSet':
      return {
        value: listMapperHcl(stringToHclTerraform, false)(value),
        isBlock: false,
        type: spec.kind === 'stringList' ? 'list' : 'set',
        storageClassType: 'stringList',
      };
    default:
      return {
        value: listMapperHcl((block: unknown) => (isStruct(block) ? toHclTerraform(spec.block, block) : block), true)(value),
        isBlock: true,
        type: spec.kind === 'blockList' ? 'list' : 'set',
        storageClassType: spec.storageClass,
      };
  }
}

// A plain block value; a token (such as a Lazy list) passes through to the core, which resolves it.
function isStruct(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Tokenization.isResolvable(value);
}

/**
 * The provider requirement of the resources: a `required_providers` entry (source and version), as a provider's
 * bindings write it, and no `provider` block. The provider then reads its configuration from the environment. When the
 * app declares a provider construct of that name itself (the bindings' on cdktf, or its own), that one writes the entry
 * and the block, and this writes nothing: the app's version and configuration win.
 * Being a TerraformProvider of the resources' provider name, it also satisfies the core's check that every
 * provider the stack uses is declared.
 */
export class ProviderRequirement extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly spec: ProviderSpec,
  ) {
    super(scope, id, {
      terraformResourceType: spec.name,
      terraformGeneratorMetadata: {
        providerName: spec.name,
        ...(spec.version ? { providerVersion: spec.version } : {}),
        providerVersionConstraint: spec.versionConstraint,
      },
      terraformProviderSource: spec.source,
    });
  }

  toTerraform(): Record<string, unknown> {
    // A provider construct of the app's own (the bindings', or one with another version) writes the entry it wants.
    if (this.appDeclaresProvider()) return {};
    return { terraform: { required_providers: { [this.spec.name]: { version: this.spec.version ?? this.spec.versionConstraint, source: this.spec.source } } } };
  }

  toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }

  // Read when the stack synthesizes, so a provider construct declared after the role counts too.
  private appDeclaresProvider(): boolean {
    return TerraformStack.of(this)
      .node.findAll()
      .some((c) => TerraformProvider.isTerraformProvider(c) && !(c instanceof ProviderRequirement) && c.terraformResourceType === this.spec.name);
  }
}
