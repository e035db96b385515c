/**
 * The Terraform address a construct gets from its id. cdktf drops every character but letters, digits, `_`
 * and `-` from a top-level id, so `a b`, `ab` and `$(ab)` would silently become one resource with three
 * provisioners; an id may also leave a name Terraform refuses. Both are refused at synth.
 */
import { makeUniqueId, TerraformStack, Token } from '../../private/cdk-core';
// cdktf's own logical-id function (cdktf 0.21 is final), so the address computed here is the one it writes.
import type { IConstruct } from 'constructs';
import { addressCollision, invalidAddress } from '../../errors';
import { quoted } from '../../validation';
import { isNfc, NFC_FIX } from './terraform-literal';
import type { Subject } from './validate';

const ADDRESSES = new WeakMap<TerraformStack, Map<string, string>>();
const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The address claimed for the construct; `record` once the resource exists. */
export interface AddressClaim {
  readonly address: string;
  record(): void;
}

/** Checks that `id` in `scope` gives a valid Terraform address no other lifecycle resource in the stack has. */
export function claimAddress(scope: IConstruct, id: string, subject: Subject, resourceType: string): AddressClaim {
  return claimName(scope, subject, resourceType, terraformName(scope, id, subject), quoted(id));
}

/**
 * The Terraform name cdktf gives a construct `id` in `scope` (the path below the stack, made unique), checked: no
 * token, no control character, Unicode NFC, and a name Terraform accepts. With `childId`, the name of that child of
 * the construct, known before the construct exists.
 */
export function terraformName(scope: IConstruct, id: string, subject: Subject, childId?: string): string {
  if (Token.isUnresolved(id)) throw invalidAddress(subject.path, subject.construct, quoted(id), 'holds a token');
  if (CONTROL.test(subject.path)) throw invalidAddress(subject.path, subject.construct, quoted(id), 'or its path holds control characters');
  if (!isNfc(subject.path))
    throw invalidAddress(subject.path, subject.construct, quoted(id), `or its path is not in Unicode NFC, the form Terraform keeps text in (${NFC_FIX})`);
  const stack = TerraformStack.of(scope);
  const scopes = scope.node.scopes;
  // The id as constructs will keep it (path separators escaped), the last part of the subject's path.
  const nodeId = subject.path.slice(subject.path.lastIndexOf('/') + 1);
  const components = [...scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id), nodeId, ...(childId === undefined ? [] : [childId])];
  return components.some((c) => c !== 'Default') ? makeUniqueId(components) : '';
}

/**
 * Claims `<resourceType>.<name>` for the construct at `subject`: refused when the name is not one Terraform accepts
 * or another lifecycle resource of the stack has it. `what` names the id the name came from, for the message.
 */
export function claimName(scope: IConstruct, subject: Subject, resourceType: string, name: string, what: string): AddressClaim {
  if (!TERRAFORM_NAME.test(name)) {
    throw invalidAddress(
      subject.path,
      subject.construct,
      what,
      name === '' ? 'leaves no letters or digits for the Terraform address' : `gives the Terraform name '${name}', which must start with a letter or _`,
    );
  }
  const address = `${resourceType}.${name}`;
  const addresses = addressesOf(scope);
  const other = addresses.get(address);
  if (other !== undefined) throw addressCollision(subject.path, subject.construct, address, other);
  return { address, record: () => addresses.set(address, subject.path) };
}

/** Whether `<resourceType>.<name>` is still free in the stack of `scope`. */
export function isAddressFree(scope: IConstruct, resourceType: string, name: string): boolean {
  return !addressesOf(scope).has(`${resourceType}.${name}`);
}

function addressesOf(scope: IConstruct): Map<string, string> {
  const stack = TerraformStack.of(scope);
  const addresses = ADDRESSES.get(stack) ?? new Map<string, string>();
  ADDRESSES.set(stack, addresses);
  return addresses;
}
