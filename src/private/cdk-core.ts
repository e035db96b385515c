/**
 * The CDK core of the app: CDK for Terraform (`cdktf` 0.21) or its community fork CDK Terrain (`cdktn` 0.24).
 * Both are optional peer dependencies, so the constructs extend the app's own classes and join the app's construct
 * tree; two copies of the core in one tree crash at synth. The rest of src/ imports the core from here, never from
 * `cdktf` itself (test/architecture/import-rules.test.ts). The types are cdktf's; cdktn's public API is the same.
 */
import type * as Cdktf from 'cdktf';
import type { Construct } from 'constructs';

type Core = typeof Cdktf;
export type CoreName = 'cdktf' | 'cdktn';

/**
 * The core the app loaded already wins; otherwise cdktn when it is installed (cdktf can arrive unasked, as the peer of
 * a `@cdktf/provider-*` package), otherwise cdktf.
 */
function chooseCore(): CoreName {
  const installed = (['cdktn', 'cdktf'] as const).filter((name) => resolves(name));
  const loaded = installed.filter((name) => require.cache[require.resolve(name)] !== undefined);
  const chosen = loaded[0] ?? installed[0];
  if (!chosen) {
    throw new Error(
      'cdktf-ecs-lifecycle needs the CDK core in your app: npm install cdktf@^0.21 (CDK for Terraform) or cdktn@^0.24 (CDK Terrain), with constructs@^10.7',
    );
  }
  return chosen;
}

function resolves(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Which core the library runs on. */
export const CORE_NAME: CoreName = chooseCore();
const core: Core = require(CORE_NAME);

export const TerraformProvider = core.TerraformProvider;
export type TerraformProvider = Cdktf.TerraformProvider;
export const TerraformResource = core.TerraformResource;
export type TerraformResource = Cdktf.TerraformResource;
export const TerraformStack = core.TerraformStack;
export type TerraformStack = Cdktf.TerraformStack;
export const Annotations = core.Annotations;
export type Annotations = Cdktf.Annotations;
/** The metadata types of the core's annotations (`@cdktf/error`, `@cdktf/warn`, `@cdktf/info`; cdktn keeps them). */
export const AnnotationMetadataEntryType = core.AnnotationMetadataEntryType;
export const Lazy = core.Lazy;
export type Lazy = Cdktf.Lazy;
export const Token = core.Token;
export type Token = Cdktf.Token;
export const DefaultTokenResolver = core.DefaultTokenResolver;
export const StringConcat = core.StringConcat;
export const Tokenization = core.Tokenization;
/** The attribute mappers of generated provider bindings, for the resources the library writes itself. */
export const stringToTerraform = core.stringToTerraform;
export const stringToHclTerraform = core.stringToHclTerraform;
export const listMapper = core.listMapper;
export const listMapperHcl = core.listMapperHcl;
export type Tokenization = Cdktf.Tokenization;
export type { ISynthesisSession, ITerraformDependable, LocalExecProvisioner, TerraformResourceConfig } from 'cdktf';

/**
 * The core's own construct-id → Terraform-name function (internal to the core, identical in cdktf 0.21 and cdktn 0.24),
 * so that address collisions are judged exactly as the core will name the resources.
 */
export const makeUniqueId: (components: string[]) => string = require(`${CORE_NAME}/lib/private/unique`).makeUniqueId;

/** The `hashicorp/null` provider block that `null_resource` needs. */
export type NullProviderClass = (new (scope: Construct, id: string) => TerraformProvider) & { readonly tfResourceType: string };

/**
 * `@cdktf/provider-null` on cdktf when the app has it. Otherwise (always on cdktn: there is no `@cdktn/provider-null`)
 * the same provider block, built on the app's core: it synthesizes byte for byte what `@cdktf/provider-null` 11 does.
 */
function nullProviderClass(): NullProviderClass {
  if (CORE_NAME === 'cdktf' && resolves('@cdktf/provider-null/lib/provider')) {
    return require('@cdktf/provider-null/lib/provider').NullProvider;
  }
  return class NullProvider extends core.TerraformProvider {
    static readonly tfResourceType = 'null';
    constructor(scope: Construct, id: string) {
      super(scope, id, {
        terraformResourceType: 'null',
        terraformGeneratorMetadata: { providerName: 'null', providerVersion: '3.2.4', providerVersionConstraint: '~> 3.0' },
        terraformProviderSource: 'null',
      });
    }
    protected synthesizeAttributes(): Record<string, unknown> {
      return { alias: undefined };
    }
    protected synthesizeHclAttributes(): Record<string, unknown> {
      return {};
    }
  };
}

export const NullProvider: NullProviderClass = nullProviderClass();
