#!/usr/bin/env node
// Rewrites the README's generated tables (each follows an `<!-- name -->` marker) from the operation definitions.
// Run after `npm run build`: node scripts/readme-tables.js
const fs = require('node:fs');
const path = require('node:path');
const { OPERATION_DEFINITIONS } = require('../lib/operations');
const { readmeTables } = require('../lib/permissions/reference-tables');

const file = path.resolve(__dirname, '../README.md');
let readme = fs.readFileSync(file, 'utf8');
for (const [name, table] of Object.entries(readmeTables(OPERATION_DEFINITIONS))) {
  const marker = `<!-- ${name} -->\n`;
  const start = readme.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no ${marker.trim()} marker`);
  const from = start + marker.length;
  const end = readme.indexOf('\n\n', from);
  readme = `${readme.slice(0, from)}${table}${readme.slice(end)}`;
}
fs.writeFileSync(file, readme);
