import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTIC_CODES } from '../../server/src/core/validate';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('the README documents every diagnostic code with its severity', () => {
  for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    assert.ok(row, `README lacks a row for ${code}`);
    assert.match(row!, new RegExp(`\\| ${info.severity} \\|`), code);
  }
});

test('the README shows the set-up and test commands', () => {
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /^npm test/m);
  for (const cmd of ['check', 'rates', 'compare', 'export', 'sample']) assert.match(readme, new RegExp(`### \`taskmix ${cmd} `));
});

test('the README says which `rates --json` balance figures are null, and when', () => {
  const shape = readme.slice(readme.indexOf('`--json` prints exactly'), readme.indexOf('### `taskmix compare'));
  assert.match(shape, /`balance\.max_min_ratio` and `balance\.kl_proportional` are `null` where they are infinite/);
});
