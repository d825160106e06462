// "Apply to file" (`taskmix/samplingEdit`): minimal edits into the sampling block, planned on the server's parse,
// comments and formatting kept, one plan per click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyEdits, planSamplingEdit, type EditPlan } from '../../server/src/core/edit';
import { parseMixture } from '../../server/src/core/parse';

function planFor(text: string, temperature: number, cap: number | null): EditPlan {
  return planSamplingEdit(text, parseMixture(text), { temperature, cap });
}

function apply(text: string, t: number, cap: number | null): string {
  const plan = planFor(text, t, cap);
  assert.equal(plan.error, undefined, plan.error);
  return applyEdits(text, plan.edits);
}

test('values are replaced in place; comments, order and other keys survive', () => {
  const text = 'mixture: m   # name\nsampling:           # how\n  strategy: proportional   # was\n  cap: 1000  # K\n  default_rate: 1\ntasks:\n  - {name: a, prefix: "a:", examples: 1}\n';
  const out = apply(text, 3.16, 2097152);
  assert.equal(out, 'mixture: m   # name\nsampling:           # how\n  strategy: temperature   # was\n  cap: 2097152  # K\n  default_rate: 1\n  temperature: 3.16\ntasks:\n  - {name: a, prefix: "a:", examples: 1}\n');
  assert.deepEqual(parse(out).sampling, { strategy: 'temperature', cap: 2097152, default_rate: 1, temperature: 3.16 });
});

test('no cap removes the cap line; an unchanged value is not rewritten', () => {
  const text = 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\n  cap: 5   # old\ntasks: []\n';
  const plan = planFor(text, 2, null);
  assert.equal(plan.error, undefined);
  assert.equal(plan.edits.length, 1);
  assert.equal(applyEdits(text, plan.edits), 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\ntasks: []\n');
  assert.deepEqual(planFor('mixture: m\nsampling: {strategy: "temperature", temperature: 2.5}\n', 2.5, null).edits, [], 'a quoted value reads as the same');
});

test('a file without sampling gets a block before tasks; at the end when there is no tasks key', () => {
  const out = apply('# top\nmixture: m\ntasks:\n  - name: a\n', 4, null);
  assert.equal(out, '# top\nmixture: m\nsampling:\n  strategy: temperature\n  temperature: 4\ntasks:\n  - name: a\n');
  const noNewline = apply('mixture: m', 2, 10);
  assert.deepEqual(parse(noNewline), { mixture: 'm', sampling: { strategy: 'temperature', temperature: 2, cap: 10 } });
});

test('an empty sampling key and a flow mapping are both filled in', () => {
  const empty = apply('mixture: m\nsampling:\ntasks: []\n', 2, null);
  assert.equal(empty, 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\ntasks: []\n');
  const flow = apply('mixture: m\nsampling: {strategy: sqrt, cap: 9}  # c\ntasks: []\n', 8, null);
  assert.deepEqual(parse(flow).sampling, { strategy: 'temperature', temperature: 8 });
  assert.match(flow, /# c\n/);
});

test('indentation follows the file (4 spaces)', () => {
  const out = apply('mixture: m\nsampling:\n    strategy: uniform\ntasks: []\n', 2, 100);
  assert.equal(out, 'mixture: m\nsampling:\n    strategy: temperature\n    temperature: 2\n    cap: 100\ntasks: []\n');
});

test('bad input is refused with a message, never a broken file', () => {
  for (const [text, t, cap] of [
    ['mixture: m\nsampling: [1, 2]\n', 2, null],
    ['mixture: [\n', 2, null],
    ['- a\n- b\n', 2, null],
    ['mixture: m\n', 0, null],
    ['mixture: m\n', 2, -1],
    ['mixture: m\n', Number.NaN, null],
    ['', 2, null],
    ['# only a comment\n', 2, null],
    ['{mixture: m, tasks: []}\n', 2, null],
    ['defaults: &d {strategy: sqrt}\nsampling: *d\n', 2, null],
  ] as [string, number, number | null][]) {
    const plan = planFor(text, t, cap);
    assert.deepEqual(plan.edits, [], text);
    assert.ok(plan.error && plan.error.length > 10, text);
  }
});

test('removing the only key: the new keys take its place (block and flow)', () => {
  const block = apply('mixture: m\nsampling:   # how\n  cap: 5\ntasks: []\n', 2, null);
  assert.equal(block, 'mixture: m\nsampling:   # how\n  strategy: temperature\n  temperature: 2\ntasks: []\n');
  const flow = apply('mixture: m\nsampling: { cap: 5 }\ntasks: []\n', 2, null);
  assert.equal(flow, 'mixture: m\nsampling: {strategy: temperature, temperature: 2}\ntasks: []\n');
  // A key between others: the new ones go after the last key that stays.
  const middle = apply('mixture: m\nsampling:\n  strategy: sqrt\n  cap: 5\n  default_rate: 1\n', 3, null);
  assert.equal(middle, 'mixture: m\nsampling:\n  strategy: temperature\n  default_rate: 1\n  temperature: 3\n');
});

test('an empty value and a written null are filled in', () => {
  assert.equal(apply('mixture: m\nsampling:\n  strategy: temperature\n  temperature:\n', 2, null), 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\n');
  const tilde = apply('mixture: m\nsampling: ~  # default\ntasks: []\n', 2, 7);
  assert.equal(tilde, 'mixture: m\nsampling: {strategy: temperature, temperature: 2, cap: 7}  # default\ntasks: []\n');
});

/** `text` with every \n written as \r\n. */
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

test('CRLF: each kind of sampling edit writes CRLF and nothing else changes', () => {
  const cases: [before: string, t: number, cap: number | null, after: string][] = [
    // Values replaced, a key added, a key removed.
    ['mixture: m\nsampling:\n  strategy: sqrt  # was\n  cap: 9\n  default_rate: 1\ntasks: []\n', 4, null, 'mixture: m\nsampling:\n  strategy: temperature  # was\n  default_rate: 1\n  temperature: 4\ntasks: []\n'],
    // A new block before `tasks:`.
    ['# top\nmixture: m\ntasks:\n  - name: a\n', 4, 10, '# top\nmixture: m\nsampling:\n  strategy: temperature\n  temperature: 4\n  cap: 10\ntasks:\n  - name: a\n'],
    // A new block at the end of a file without `tasks:` (and without a final line break).
    ['mixture: m\ndescription: d', 2, null, 'mixture: m\ndescription: d\nsampling:\n  strategy: temperature\n  temperature: 2\n'],
    // Keys under an empty `sampling:`.
    ['mixture: m\nsampling:\ntasks: []\n', 2, null, 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\ntasks: []\n'],
    // The only key removed.
    ['mixture: m\nsampling:\n  cap: 5\ntasks: []\n', 2, null, 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\ntasks: []\n'],
  ];
  for (const [before, t, cap, after] of cases) {
    const out = apply(crlf(before), t, cap);
    assert.equal(out, crlf(after), JSON.stringify(before));
    assert.doesNotMatch(out.replace(/\r\n/g, ''), /[\r\n]/, 'no bare line break');
    assert.deepEqual(parse(out).sampling, parse(after).sampling);
  }
});
