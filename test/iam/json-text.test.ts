import { assertJsonDepth, JsonDepthError, MAX_JSON_DEPTH, parseJsonText, previewValue } from '../../src/iam';

describe('JSON text: depth checked before parsing, naming the field', () => {
  test.each([
    ['{"Version": [[[[', 4, 'Version[0][0][0]'],
    ['{"Statement": [{"a": 1}, {"Condition": {"k,\\"x": {"v": [[', 5, 'Statement[1].Condition.k,"x.v'],
    ['[[[[', 2, '[0][0]'],
  ])('%s beyond %i levels names %s', (text, limit, field) => {
    expect(() => assertJsonDepth(text, limit)).toThrow(new JsonDepthError(field, limit));
  });

  test('brackets inside strings do not count', () => {
    expect(() => assertJsonDepth(`{"a": "${'['.repeat(1000)}"}`, 2)).not.toThrow();
  });

  test('100,000 levels: an error, not a stack overflow', () => {
    expect(() => parseJsonText('['.repeat(100_000))).toThrow(
      `[0]${'[0]'.repeat(MAX_JSON_DEPTH - 1)} nests objects and arrays more than ${MAX_JSON_DEPTH} deep`,
    );
  });

  test('a value preview is short and single-line', () => {
    expect(previewValue('x'.repeat(1000))).toHaveLength(80);
    expect(previewValue(Array.from({ length: 3 }))).toBe('an array of 3');
    expect(previewValue({ deep: {} })).toBe('an object');
    expect(previewValue(undefined)).toBe('nothing');
  });
});
