/**
 * Every relative link and `#anchor` in the documentation resolves, so that moving a section cannot leave a dead link:
 * README.md, CONTRIBUTING.md, docs/*.md and the examples' READMEs. Anchors are GitHub's heading slugs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** GitHub's anchor for a heading: formatting dropped, lower case, punctuation removed, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The text outside fenced code blocks, line by line (fenced lines blank, so line numbers stay). */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** The anchors a Markdown file defines: its headings' slugs (repeats numbered as GitHub does) and HTML ids. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = headingSlug(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const [, id] of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id);
  }
  return anchors;
}

/** Reads a file of the documentation set, or says it does not exist (`undefined`); directories read as ''. */
type DocReader = (absolutePath: string) => string | undefined;

const readFromDisk: DocReader = (file) => {
  if (!fs.existsSync(file)) return undefined;
  return fs.statSync(file).isDirectory() ? '' : fs.readFileSync(file, 'utf8');
};

/** The relative links of `file` (absolute path) that do not resolve, as `line: target (reason)`. */
function brokenLinks(file: string, read: DocReader = readFromDisk): string[] {
  const text = read(file) ?? '';
  const broken: string[] = [];
  proseLines(text).forEach((line, index) => {
    const prose = line.replace(/(`+)[^`]*?\1(?!\()/g, '');
    for (const [, target] of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const targetFile = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURI(pathPart));
      const targetText = read(targetFile);
      const where = `${path.relative(ROOT, file)}:${index + 1}: ${target}`;
      if (targetText === undefined) broken.push(`${where} (no such file)`);
      else if (anchor !== undefined && targetFile.endsWith('.md') && !anchorsOf(targetText).has(anchor)) {
        broken.push(`${where} (no heading with that anchor)`);
      }
    }
  });
  return broken;
}

function documentationFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(ROOT, 'docs', f));
  const examples = fs
    .readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'examples', e.name, 'README.md')))
    .map((e) => path.join(ROOT, 'examples', e.name, 'README.md'));
  return [path.join(ROOT, 'README.md'), path.join(ROOT, 'CONTRIBUTING.md'), ...docs, ...examples];
}

describe('documentation links', () => {
  test("GIVEN headings WHEN slugged THEN they are GitHub's anchors", () => {
    expect(headingSlug("When to use this library, and when the provider's `power_state` / `power_action`")).toBe(
      'when-to-use-this-library-and-when-the-providers-power_state--power_action',
    );
    expect(headingSlug('`policy diff`')).toBe('policy-diff');
    expect(headingSlug("Mixed example: the OTC provider's servers, our lifecycle, the role")).toBe(
      'mixed-example-the-otc-providers-servers-our-lifecycle-the-role',
    );
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n### A')]).toEqual(['a', 'a-1', 'a-2']);
  });

  test('GIVEN a page with dead links WHEN checked THEN each is reported, and the live ones are not', () => {
    const files: Record<string, string> = {
      '/d/README.md':
        '# Top\n[ok](other.md#part) [ok](#top) [ok](dir/) [gone](missing.md) [bad](other.md#nope) [bad](#nope)\n' +
        '`[in code](missing.md)` [`code text`](other.md) [web](https://example.com/x)\n```\n[fenced](missing.md)\n```\n',
      '/d/other.md': '# Other\n## Part\n',
      '/d/dir': '',
    };
    const broken = brokenLinks('/d/README.md', (file) => files[file]);
    expect(broken.map((b) => b.replace(/^.*?: /, ''))).toEqual([
      'missing.md (no such file)',
      'other.md#nope (no heading with that anchor)',
      '#nope (no heading with that anchor)',
    ]);
  });

  test.each(documentationFiles().map((file) => [path.relative(ROOT, file), file]))('%s: every relative link and anchor resolves', (_, file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  test('the README and the contents list docs/README.md link every page of docs/', () => {
    const pages = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const contents = fs.readFileSync(path.join(ROOT, 'docs', 'README.md'), 'utf8');
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(readme).toContain(`](docs/${page})`);
      expect(contents).toContain(`](${page})`);
    }
  });
});
