import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_ROWS } from '../../src/permissions';

// The seed tables are the source of truth. CI has them beside the clone (../shared/seeds); the project's copy in
// test/fixtures/seeds must stay identical to them. Both are required: a missing or empty seed file fails here.
const SHARED_SEEDS = path.resolve(__dirname, '../../../shared/seeds');
const VENDORED_SEEDS = path.resolve(__dirname, '../fixtures/seeds');
const SEED_FILES = ['ecs-group-management.rst', 'ecs-status-management.rst'];

function readSeed(dir: string, file: string): string {
  const seed = path.join(dir, file);
  if (!fs.existsSync(seed)) throw new Error(`seed file ${seed} is missing: the permission rows are checked against it`);
  return fs.readFileSync(seed, 'utf8');
}

const seedRowsOf = (dir: string) => SEED_FILES.flatMap((file) => parseGridTable(readSeed(dir, file)));

describe('API rows: identical to the seed permission tables', () => {
  const copies = { 'the shared seed': SHARED_SEEDS, "the project's copy of": VENDORED_SEEDS };
  test.each(SEED_FILES.flatMap((file) => Object.entries(copies).map(([copy, dir]) => [copy, file, dir])))('%s %s exists and holds rows', (_copy, file, dir) => {
    expect(parseGridTable(readSeed(dir, file)).length).toBeGreaterThan(0);
  });

  test('the catalog holds as many rows as the seeds', () => {
    expect(API_ROWS).toHaveLength(seedRowsOf(SHARED_SEEDS).length);
  });

  test('every catalog row equals its seed row, in the same order', () => {
    // GIVEN the rows parsed from the .rst grid tables
    const seedRows = seedRowsOf(SHARED_SEEDS);
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

  test.each(SEED_FILES)("the project's copy of %s is identical to the shared seed", (file) => {
    expect(readSeed(VENDORED_SEEDS, file)).toBe(readSeed(SHARED_SEEDS, file));
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
