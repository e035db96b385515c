#!/usr/bin/env node
// Rewrites the generated tables of docs/ (each follows an `<!-- name -->` marker, up to the first blank
// line) from the code they describe: the operation definitions, the argument registry, the emulator's route table.
// Run with `npm run docs:tables` (it builds first); test/docs/generated-tables.test.ts fails until they match.
const fs = require('node:fs');
const path = require('node:path');
const { OPERATION_DEFINITIONS } = require('../lib/operations');
const { operationTables } = require('../lib/permissions/reference-tables');
const { cliOptionsTable } = require('../lib/cloud/options-table');
const { emulatorRouteTable } = require('../lib/emulator/route-docs');

const TABLES = {
  'docs/cli.md': { ...operationTables(OPERATION_DEFINITIONS), 'cli-options': cliOptionsTable(OPERATION_DEFINITIONS) },
  'docs/emulator.md': { 'emulator-routes': emulatorRouteTable() },
};

for (const [name, tables] of Object.entries(TABLES)) {
  const file = path.resolve(__dirname, '..', name);
  let text = fs.readFileSync(file, 'utf8');
  for (const [marker, table] of Object.entries(tables)) {
    const line = `<!-- ${marker} -->\n`;
    const start = text.indexOf(line);
    if (start < 0) throw new Error(`${name} has no ${line.trim()} marker`);
    const from = start + line.length;
    const end = text.indexOf('\n\n', from);
    text = `${text.slice(0, from)}${table}${text.slice(end)}`;
  }
  fs.writeFileSync(file, text);
}
