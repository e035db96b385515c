import * as fs from 'fs';
import * as path from 'path';
import { API_ROWS } from '../../src/permissions';

// The seed tables are the source of truth. CI has them beside the clone (../shared/seeds); the copy
// in test/fixtures/seeds keeps the comparison running on any clone and must stay identical to them.
const SHARED_SEEDS = path.resolve(__dirname, '../../../shared/seeds');
const VENDORED_SEEDS = path.resolve(__dirname, '../fixtures/seeds');
const SEED_DIR = fs.existsSync(SHARED_SEEDS) ? SHARED_SEEDS : VENDORED_SEEDS;
const SEED_FILES = ['ecs-group-management.rst', 'ecs-status-management.rst'];

describe('API rows: identical to the seed permission tables', () => {
  const seedRows = SEED_FILES.flatMap((file) => parseGridTable(fs.readFileSync(path.join(SEED_DIR, file), 'utf8')));

  test('the seeds hold 15 rows and so does the catalog', () => {
    expect(seedRows).toHaveLength(15);
    expect(API_ROWS).toHaveLength(15);
  });

  test('every catalog row equals its seed row, in the same order', () => {
    // GIVEN the rows parsed from the .rst grid tables
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

  test('the vendored copy of the seeds is identical to the shared seeds', () => {
    if (!fs.existsSync(SHARED_SEEDS)) {
      console.log('skip: ../shared/seeds is not beside this clone; compared against the vendored copy only');
      return;
    }
    for (const file of SEED_FILES) {
      expect(fs.readFileSync(path.join(VENDORED_SEEDS, file), 'utf8')).toBe(fs.readFileSync(path.join(SHARED_SEEDS, file), 'utf8'));
    }
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
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
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
