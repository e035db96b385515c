/**
 * The public API is deliberate: every name an entry point of package.json `exports` makes public is in the
 * checked-in report (api/*.api.md), so a change to the surface shows up in review, and no public signature names a
 * type that no entry point exports. After a deliberate change: `npm run build && npm run api`, then review the diff.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

// The report reads the compiled declarations in lib/ (npm test builds first).
const { buildReports } = require('../../scripts/api-report.js') as {
  buildReports(): { reports: Map<string, string>; problems: string[] };
};
const API_DIR = path.resolve(__dirname, '../../api');

describe('the public API report', () => {
  const { reports, problems } = buildReports();

  test('every entry point has a report, and no report is left over', () => {
    expect(fs.readdirSync(API_DIR).sort()).toEqual([...reports.keys()].sort());
  });

  test.each([...reports.keys()])('api/%s matches the compiled declarations', (file) => {
    expect(fs.readFileSync(path.join(API_DIR, file), 'utf8')).toBe(reports.get(file));
  });

  test('no public signature names a private type', () => {
    expect(problems).toEqual([]);
  });
});
