import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_ROWS } from '../../src/permissions';
import { sharedFile, VENDORED_SEEDS, whenShared } from '../helpers/shared-sources';

// The project's copies of the seed tables (test/fixtures/seeds) are the truth in the repository: the rows are
// checked against them, and a missing or empty copy fails here. When ../shared is beside the clone, the copies must
// equal its seeds.
const SEED_FILES = ['ecs-group-management.rst', 'ecs-status-management.rst'];

function readSeed(dir: string, file: string): string {
  const seed = path.join(dir, file);
  if (!fs.existsSync(seed)) throw new Error(`seed file ${seed} is missing: the permission rows are checked against it`);
  return fs.readFileSync(seed, 'utf8');
}

const seedRowsOf = (dir: string) => SEED_FILES.flatMap((file) => parseGridTable(readSeed(dir, file)));

describe('API rows: identical to the seed permission tables', () => {
  test.each(SEED_FILES)("the project's copy of %s exists and holds rows", (file) => {
    expect(parseGridTable(readSeed(VENDORED_SEEDS, file)).length).toBeGreaterThan(0);
  });

  test('the catalog holds as many rows as the seeds', () => {
    expect(API_ROWS).toHaveLength(seedRowsOf(VENDORED_SEEDS).length);
  });

  test('every catalog row equals its seed row, in the same order', () => {
    // GIVEN the rows parsed from the .rst grid tables
    const seedRows = seedRowsOf(VENDORED_SEEDS);
    // WHEN the catalog is rendered in the same column shape
    const catalogRows = API_ROWS.map((row) => ({
      permission: `:ref:\`${row.permission} <${row.docTopic}>\``,
      api: `${row.method} ${row.path}`,
      action: row.action,
      dependencies: row.dependencies.length ? [...row.dependencies] : ['``-``'],
      iamProject: row.iamProject ? 'Supported' : 'Not supported',
      enterpriseProject: row.enterpriseProject ? 'Supported' : 'Not supported',
    }));
    // THEN they are identical, column by column
    expect(catalogRows).toEqual(seedRows);
  });

  test('the native resize has 13 dependencies', () => {
    expect(API_ROWS.find((r) => r.id === 'nova-resize')?.dependencies).toHaveLength(13);
  });

  test('row ids are unique', () => {
    expect(new Set(API_ROWS.map((r) => r.id)).size).toBe(API_ROWS.length);
  });

  whenShared.each(SEED_FILES)("the project's copy of %s is identical to ../shared/seeds", (file) => {
    const shared = sharedFile(`seeds/${file}`);
    if (!shared) throw new Error(`../shared is beside the clone but has no seeds/${file}`);
    expect(readSeed(VENDORED_SEEDS, file)).toBe(fs.readFileSync(shared, 'utf8'));
  });
});

interface SeedRow {
  permission: string;
  api: string;
  action: string;
  dependencies: string[];
  iamProject: string;
  enterpriseProject: string;
}

/** Parses an RST grid table: rows between `+---` borders, cells split on `|`, multi-line cells joined. */
function parseGridTable(text: string): SeedRow[] {
  const lines = text.split('\n').filter((l) => l.startsWith('+') || l.startsWith('|'));
  const blocks: string[][] = [];
  let current: string[] = [];
  let headerSeen = false;
  for (const line of lines) {
    if (line.startsWith('+')) {
      if (current.length) {
        if (headerSeen) blocks.push(current);
        current = [];
      }
      if (line.startsWith('+=')) headerSeen = true;
    } else {
      current.push(line);
    }
  }
  return blocks.map((block) => {
    const columns: string[][] = [];
    for (const line of block) {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      cells.forEach((cell, i) => {
        (columns[i] ??= []).push(cell);
      });
    }
    const joined = (i: number) => columns[i].filter(Boolean).join(' ');
    return {
      permission: joined(0),
      api: joined(1),
      action: joined(2),
      dependencies: columns[3].filter(Boolean),
      iamProject: joined(4),
      enterpriseProject: joined(5),
    };
  });
}
