// Outcome-driven checks on plain inputs: rates, data and include outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMixture } from '../../server/src/core/parse';
import type { IncludeEntry, TaskEntry } from '../../server/src/core/types';
import { applyEdits, budgetExamples, checkDataOutcome, checkIncludeOutcome, checkRateOutcome } from '../../server/src/core/validate';

const TEXT = [
  'mixture: m',
  'sampling: {strategy: unimax}',
  'budget: {examples: 1000, max_epochs: 2}',
  'tasks:',
  '  - name: small',
  '    prefix: "small:"',
  '    examples: 100',
  '    data: small.jsonl',
  '  - include: sub.mixture.yaml',
  '',
].join('\n');

function setup() {
  const { model } = parseMixture(TEXT);
  const task = model.tasks[0] as TaskEntry;
  const inc = model.tasks[1] as IncludeEntry;
  return { model, task, inc };
}

test('budget S comes from examples or steps × batch_size', () => {
  assert.equal(budgetExamples(setup().model), 1000);
  assert.equal(budgetExamples(parseMixture('mixture: m\nbudget: {steps: 10, batch_size: 4}\ntasks: []\n').model), 40);
  assert.equal(budgetExamples(parseMixture('mixture: m\ntasks: []\n').model), null);
});

test('unimax filling a task to exactly N epochs is not over the limit; above it is', () => {
  const { model, task } = setup();
  const exact = checkRateOutcome(model, [{ name: 'small', entry: task, rate: 0.2, epochs: (1000 * 0.2) / 100 + 1e-12 }]);
  assert.deepEqual(exact.map((d) => d.code), []);
  const over = checkRateOutcome(model, [{ name: 'small', entry: task, rate: 0.3, epochs: 3 }]);
  assert.deepEqual(over.map((d) => d.code), ['too-many-epochs']);
  assert.match(over[0].message, /max_epochs 2/);
  assert.deepEqual(checkRateOutcome(model, [{ name: 'small', entry: task, rate: 0.3, epochs: 3 }], { maxEpochs: 5 }), []);
});

test('included tasks are reported at their include, by name', () => {
  const { model, task, inc } = setup();
  const ds = checkRateOutcome(model, [
    { name: 'small', entry: task, rate: 0.9995, epochs: 1 },
    { name: 'tiny', entry: inc, rate: 0.0005, epochs: 0.01 },
  ]);
  assert.deepEqual(ds.map((d) => [d.code, TEXT.slice(d.range[0], d.range[1])]), [['starved-task', 'sub.mixture.yaml']]);
  assert.match(ds[0].message, /`tiny` \(through sub\.mixture\.yaml\)/);
});

test('rates that are all 0 or NaN give one error at `tasks`, nothing per task', () => {
  const { model, task, inc } = setup();
  const ds = checkRateOutcome(model, [{ name: 'small', entry: task, rate: NaN, epochs: null }, { name: 'x', entry: inc, rate: 0, epochs: null }]);
  assert.deepEqual(ds.map((d) => [d.code, TEXT.slice(d.range[0], d.range[1])]), [['all-rates-zero', 'tasks']]);
  assert.deepEqual(checkRateOutcome(model, []), []);
});

test('a missing field with one close key gets a fix that inserts `fields`', () => {
  const { task } = setup();
  const ds = checkDataOutcome(task, { status: 'ok', count: 100, missingFields: [{ field: 'input', name: 'input', line: 1, available: ['inputs', 'targets'] }] }, TEXT);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].code, 'data-fields-missing');
  const fixed = applyEdits(TEXT, ds[0].fixes![0].edits);
  assert.match(fixed, /data: small\.jsonl\n {4}fields: \{input: inputs\}\n/);
  const again = parseMixture(fixed).model.tasks[0] as TaskEntry;
  assert.equal(again.fields?.input?.value, 'inputs');
});

test('examples are compared with the count of `data` only, not of `eval`', () => {
  const text = 'mixture: m\ntasks:\n  - {name: a, prefix: "a:", examples: 5, data: a.jsonl, eval: b.jsonl}\n';
  const task = parseMixture(text).model.tasks[0] as TaskEntry;
  assert.deepEqual(checkDataOutcome(task, { status: 'ok', key: 'eval', count: 2 }), []);
  const ds = checkDataOutcome(task, { status: 'ok', key: 'data', count: 7 }, text);
  assert.equal(ds[0].code, 'examples-mismatch');
  assert.equal(applyEdits(text, ds[0].fixes![0].edits), text.replace('examples: 5', 'examples: 7'));
  const missingEval = checkDataOutcome(task, { status: 'missing', key: 'eval', path: '/w/b.jsonl' });
  assert.equal(text.slice(missingEval[0].range[0], missingEval[0].range[1]), 'b.jsonl');
});

test('include outcomes: the cycle chain is in the message; errors of the included file are related, at most 5', () => {
  const { inc } = setup();
  const cycle = checkIncludeOutcome(inc, { status: 'cycle', chain: ['m.mixture.yaml', 'sub.mixture.yaml', 'm.mixture.yaml'] });
  assert.match(cycle[0].message, /m\.mixture\.yaml → sub\.mixture\.yaml → m\.mixture\.yaml/);
  const errors = Array.from({ length: 8 }, (_, i) => ({ message: `error ${i}`, range: [i, i + 1] as const }));
  const has = checkIncludeOutcome(inc, { status: 'has-errors', path: 'sub.mixture.yaml', file: '/w/sub.mixture.yaml', errors });
  assert.equal(has[0].related?.length, 5);
  assert.ok(has[0].related!.every((r) => r.file === '/w/sub.mixture.yaml'));
  assert.match(has[0].message, /8 errors/);
  assert.deepEqual(checkIncludeOutcome(inc, { status: 'ok' }), []);
});
