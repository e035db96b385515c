/**
 * Packs a stack's actions into OTC custom policy documents within the provider's limits, and renders
 * them as stable JSON. Pure.
 */
import { POLICY_LIMITS, type PolicyDocument, type PolicyStatement } from '../../iam/policy-document';

/** The limits to pack within; the OTC limits unless a test narrows them. */
export type PolicyLimits = { readonly [K in keyof typeof POLICY_LIMITS]: number };

export type PackResult = { readonly ok: true; readonly documents: readonly PolicyDocument[] } | { readonly ok: false; readonly detail: string };

/**
 * Packs sorted actions into Allow statements of at most `maxActionsPerStatement` actions, and the
 * statements into documents of at most `maxStatements` statements and `maxCharacters` characters
 * (measured on the exact text written, `renderPolicyDocument`, which is what a pipeline submits). In
 * 'single' mode more than one document is a failure.
 */
export function packPolicyDocuments(actions: readonly string[], mode: 'single' | 'numbered', limits: PolicyLimits = POLICY_LIMITS): PackResult {
  const tooLong = actions.filter((a) => a.length > limits.maxActionLength);
  if (tooLong.length) return { ok: false, detail: `actions longer than ${limits.maxActionLength} characters: ${tooLong.join(', ')}` };
  if (actions.length === 0) return { ok: true, documents: [document([])] };

  const documents: string[][][] = [[[]]];
  for (const action of actions) {
    const statements = documents[documents.length - 1];
    const current = statements[statements.length - 1];
    if (current.length < limits.maxActionsPerStatement && fits([...statements.slice(0, -1), [...current, action]], limits)) {
      current.push(action);
    } else if (statements.length < limits.maxStatements && fits([...statements, [action]], limits)) {
      statements.push([action]);
    } else if (fits([[action]], limits)) {
      documents.push([[action]]);
    } else {
      return { ok: false, detail: `the action ${action} alone does not fit in ${limits.maxCharacters} characters` };
    }
  }
  if (mode === 'single' && documents.length > 1) {
    const sizes = documents.flat();
    return {
      ok: false,
      detail:
        `${actions.length} actions need ${sizes.length} statements in ${documents.length} documents; one document holds at most ` +
        `${limits.maxStatements} statements of ${limits.maxActionsPerStatement} actions and ${limits.maxCharacters} characters`,
    };
  }
  return { ok: true, documents: documents.map(document) };
}

/** The file text of a policy document: 2-space JSON with keys in IAM's documented order, newline-terminated. */
export function renderPolicyDocument(doc: PolicyDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// Characters, as IAM counts them (validateLimits), of the file as written.
function fits(statements: readonly string[][], limits: PolicyLimits): boolean {
  return Array.from(renderPolicyDocument(document(statements))).length <= limits.maxCharacters;
}

function document(statements: readonly string[][]): PolicyDocument {
  return { Version: '1.1', Statement: statements.map((actions): PolicyStatement => ({ Effect: 'Allow', Action: actions })) };
}
