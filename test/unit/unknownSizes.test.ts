// Spec 1.1: under manual and uniform a task's size is not needed, so an unknown one is no error (its epochs are
// unknown); a data path that is not on this machine is a warning where the rates do not need its size and an
// error where they do. An imported blend (weights, paths on a cluster) is such a mixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MixtureProject } from '../../server/src/core/analyze';
import { tempDir } from './helpers/engineImport';

async function analyze(files: Record<string, string>, main = 'm.mixture.yaml') {
  const dir = tempDir('taskmix-sizes-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return new MixtureProject().analyze(join(dir, main));
}

const codes = (a: { diagnostics: { code: string }[] }) => a.diagnostics.map((d) => d.code).sort();

test('manual without sizes: rates, no error; the sizes are NaN (null in JSON) and the epochs null, even with a budget', async () => {
  const a = await analyze({
    'm.mixture.yaml': 'mixture: m\nsampling:\n  strategy: manual\nbudget:\n  examples: 1000\ntasks:\n  - name: a\n    prefix: "a:"\n    data: /cluster/a_text_document\n    rate: 1\n  - name: b\n    prefix: "b:"\n    rate: 3\n',
  });
  assert.deepEqual(codes(a), ['data-file-not-here']);
  assert.ok(a.rates);
  assert.deepEqual(a.rates.tasks.map((t) => t.rate), [0.25, 0.75]);
  assert.ok(a.rates.tasks.every((t) => Number.isNaN(t.examples) && t.epochs === null));
  const json = JSON.parse(JSON.stringify(a.rates)) as { tasks: { examples: unknown; data?: string }[] };
  assert.equal(json.tasks[0]!.examples, null);
  assert.equal(json.tasks[0]!.data, '/cluster/a_text_document');
  assert.equal(json.tasks[1]!.data, undefined);
  const missing = a.diagnostics.find((d) => d.code === 'data-file-not-here')!;
  assert.equal(missing.severity, 'warning');
  assert.equal(a.text.slice(missing.range[0], missing.range[1]), '/cluster/a_text_document');
});

test('uniform without sizes: equal rates, no error', async () => {
  const a = await analyze({ 'm.mixture.yaml': 'mixture: m\nsampling:\n  strategy: uniform\ntasks:\n  - name: a\n    prefix: "a:"\n  - name: b\n    prefix: "b:"\n    data: gone.jsonl\n' });
  assert.deepEqual(codes(a), ['data-file-not-here']);
  assert.deepEqual(a.rates!.tasks.map((t) => t.rate), [0.5, 0.5]);
});

test('where the rates need the size: no size is examples-unknown, a missing data file data-file-missing (errors)', async () => {
  const a = await analyze({ 'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n  - name: b\n    prefix: "b:"\n    data: gone.jsonl\n' });
  assert.deepEqual(codes(a), ['data-file-missing', 'examples-unknown']);
  assert.equal(a.rates, null);
  // With `examples` given, the proportional rates do not need the file: only a warning.
  const b = await analyze({ 'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n    data: gone.jsonl\n' });
  assert.deepEqual(codes(b), ['data-file-not-here']);
  assert.ok(b.rates);
  // A fixed rate replaces the computed one: that task's size is not needed either.
  const c = await analyze({ 'm.mixture.yaml': 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\ntasks:\n  - name: a\n    prefix: "a:"\n    rate: 5\n  - name: b\n    prefix: "b:"\n    examples: 100\n' });
  assert.deepEqual(codes(c), []);
  assert.deepEqual(c.rates!.tasks.map((t) => t.raw), [5, 10]);
});

test('a manual sub-mixture without sizes included without a rate by a proportional parent: the rates say which size is needed', async () => {
  const a = await analyze({
    'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n  - include: sub.mixture.yaml\n',
    'sub.mixture.yaml': 'mixture: sub\nsampling:\n  strategy: manual\ntasks:\n  - name: b\n    prefix: "b:"\n    rate: 1\n',
  });
  assert.equal(a.rates, null);
  const error = a.diagnostics.find((d) => d.severity === 'error')!;
  assert.match(error.message, /size is unknown .* strategy proportional of mixture m needs it/);
  // With a rate on the include, the parent needs no size of it.
  const b = await analyze({
    'm.mixture.yaml': 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n  - include: sub.mixture.yaml\n    rate: 10\n',
    'sub.mixture.yaml': 'mixture: sub\nsampling:\n  strategy: manual\ntasks:\n  - name: b\n    prefix: "b:"\n    rate: 1\n',
  });
  assert.ok(b.rates, JSON.stringify(b.diagnostics));
  assert.deepEqual(b.rates.tasks.map((t) => t.rate), [0.5, 0.5]);
});
