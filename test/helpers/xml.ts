/**
 * A strict reader for the XML the gate writes (elements, double-quoted attributes, text, the five named
 * entities and numeric references): enough to read a JUnit report back, and strict enough to refuse what
 * an XML parser refuses (a raw `<` or `&`, an unclosed or mismatched tag, a control character).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.-]*/y;

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`XML: ${why} at offset ${at}`);
  };
  // XML 1.0 allows tab, newline and carriage return among the C0 controls; nothing else.
  const bad = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(source);
  if (bad) {
    at = bad.index;
    fail(`control character U+${bad[0].charCodeAt(0).toString(16)}`);
  }
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('a raw < in text');
    return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
      if (!whole.endsWith(';')) return fail('an unterminated entity');
      if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name] ?? fail(`an unknown entity &${name};`);
    });
  };
  const name = (): string => {
    NAME.lastIndex = at;
    const match = NAME.exec(source);
    if (!match) return fail('a name expected');
    at += match[0].length;
    return match[0];
  };
  const spaces = () => {
    while (/\s/.test(source[at] ?? '')) at += 1;
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('< expected');
    at += 1;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      spaces();
      if (source.startsWith('/>', at)) {
        at += 2;
        return { name: tag, attributes, children: [], text: '' };
      }
      if (source[at] === '>') {
        at += 1;
        break;
      }
      const key = name();
      if (key in attributes) fail(`attribute ${key} repeated`);
      if (source[at] !== '=' || source[at + 1] !== '"') fail('="…" expected');
      const end = source.indexOf('"', at + 2);
      if (end < 0) fail('unterminated attribute');
      attributes[key] = decode(source.slice(at + 2, end));
      at = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = source.indexOf('<', at);
      if (next < 0) fail(`</${tag}> expected`);
      text += decode(source.slice(at, next));
      at = next;
      if (source.startsWith('</', at)) {
        at += 2;
        if (name() !== tag) fail(`</${tag}> expected`);
        spaces();
        if (source[at] !== '>') fail('> expected');
        at += 1;
        return { name: tag, attributes, children, text };
      }
      children.push(element());
    }
  };
  if (source.startsWith('<?xml')) {
    at = source.indexOf('?>') + 2;
    if (at < 2) fail('unterminated declaration');
  }
  spaces();
  const root = element();
  spaces();
  if (at !== source.length) fail('content after the root element');
  return root;
}
