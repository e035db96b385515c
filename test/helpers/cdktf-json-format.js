/**
 * Snapshot serializer for the suites on CDK Terrain: `Testing.synth` of cdktn and of cdktf write the same JSON (keys
 * sorted, two-space indent) with one difference in layout: cdktn prints an empty object or array as `{}` / `[]`, cdktf
 * opens and closes it on two lines. The received plan is laid out as cdktf does, so that one set of snapshots checks
 * that both cores hold the same plan.
 */
function layout(value, indent) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => inner + layout(item, inner))
    : Object.keys(value)
        .sort()
        .map((key) => `${inner}${JSON.stringify(key)}: ${layout(value[key], inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}${items.length ? '\n' : ''}${indent}${close}`;
}

function cdktfLayout(text) {
  if (typeof text !== 'string' || !text.startsWith('{\n')) return undefined;
  try {
    return layout(JSON.parse(text), '');
  } catch {
    return undefined;
  }
}

module.exports = {
  test: (value) => {
    const laidOut = cdktfLayout(value);
    return laidOut !== undefined && laidOut !== value;
  },
  serialize: (value, config, indentation, depth, refs, printer) => printer(cdktfLayout(value), config, indentation, depth, refs),
};
