import { POLICY_LIMITS } from '../../../src/iam';
import { packPolicyDocuments, renderPolicyDocument } from '../../../src/policy/private/render-policy';

// The catalog's actions can never reach the limits, so the packer is tested directly with made-up names.
const actions = (n: number, width = 20) => Array.from({ length: n }, (_, i) => `svc:res:${String(i).padStart(width - 8, '0')}`);

describe('policy packing: within OTC limits, at their exact boundaries', () => {
  test('100 actions fit one statement; 101 need two', () => {
    const limits = { ...POLICY_LIMITS, maxCharacters: 1_000_000 };
    const at = packPolicyDocuments(actions(100), 'single', limits);
    const over = packPolicyDocuments(actions(101), 'single', limits);
    expect(at.ok && at.documents[0].Statement.map((s) => s.Action!.length)).toEqual([100]);
    expect(over.ok && over.documents[0].Statement.map((s) => s.Action!.length)).toEqual([100, 1]);
  });

  test('8 statements fit one document; a 9th fails in single mode and opens a second document in numbered mode', () => {
    const limits = { ...POLICY_LIMITS, maxCharacters: 1_000_000, maxActionsPerStatement: 1 };
    expect(packPolicyDocuments(actions(8), 'single', limits)).toMatchObject({ ok: true });
    expect(packPolicyDocuments(actions(9), 'single', limits)).toEqual({
      ok: false,
      detail: expect.stringMatching(/9 actions need 9 statements in 2 documents/),
    });
    const numbered = packPolicyDocuments(actions(9), 'numbered', limits);
    expect(numbered.ok && numbered.documents.map((d) => d.Statement.length)).toEqual([8, 1]);
  });

  test('a document of exactly 6,144 characters fits; one character more does not', () => {
    // GIVEN one action whose document, as written, is exactly the limit
    const overhead = renderPolicyDocument({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: [''] }] }).length;
    const exact = `svc:res:${'a'.repeat(POLICY_LIMITS.maxCharacters - overhead - 8)}`;
    const limits = { ...POLICY_LIMITS, maxActionLength: 10_000 };
    // THEN it fits, and one more character fails even in numbered mode
    expect(packPolicyDocuments([exact], 'single', limits)).toMatchObject({ ok: true });
    expect(packPolicyDocuments([`${exact}a`], 'numbered', limits)).toEqual({
      ok: false,
      detail: expect.stringMatching(/alone does not fit in 6144 characters/),
    });
  });

  test('the character limit splits documents in numbered mode and every document stays within every limit', () => {
    const many = actions(400, 60);
    const result = packPolicyDocuments(many, 'numbered');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents.length).toBeGreaterThan(1);
    for (const doc of result.documents) {
      expect(renderPolicyDocument(doc).length).toBeLessThanOrEqual(POLICY_LIMITS.maxCharacters);
      expect(doc.Statement.length).toBeLessThanOrEqual(POLICY_LIMITS.maxStatements);
      for (const s of doc.Statement) expect(s.Action!.length).toBeLessThanOrEqual(POLICY_LIMITS.maxActionsPerStatement);
    }
    expect(result.documents.flatMap((d) => d.Statement.flatMap((s) => s.Action))).toEqual(many);
  });

  test('regression: documents are measured as written (indented), not as compact JSON', () => {
    // GIVEN enough actions of the longest allowed length to need several documents
    const result = packPolicyDocuments(actions(400, 128), 'numbered');
    if (!result.ok) throw new Error(result.detail);
    // THEN every written file is within the limit, though compact JSON would have allowed more per document
    const written = result.documents.map((doc) => renderPolicyDocument(doc).length);
    expect(Math.max(...written)).toBeLessThanOrEqual(POLICY_LIMITS.maxCharacters);
    expect(Math.max(...written)).toBeGreaterThan(POLICY_LIMITS.maxCharacters - 200);
  });

  test('an action longer than 128 characters is refused', () => {
    expect(packPolicyDocuments([`svc:res:${'a'.repeat(121)}`], 'single')).toEqual({ ok: false, detail: expect.stringMatching(/longer than 128/) });
  });
});
