// Runs the built tests (out/test/<suite>/**/*.test.js) with node's own test runner.
// Usage: node scripts/run-tests.mjs [suite...]   (suites: unit, lsp, browser, e2e; default: all that exist)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? find(p) : n.endsWith('.test.js') ? [p] : [];
  });
}
const suites = process.argv.slice(2);
const roots = suites.length ? suites.map((s) => join('out/test', s)) : ['out/test'];
const files = roots.flatMap(find).sort();
if (files.length === 0) {
  console.error(`no built tests under ${roots.join(', ')}: run \`node esbuild.mjs\` first`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
