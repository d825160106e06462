// "Apply to file": minimal edits into the sampling block, comments and formatting kept, one plan per click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyOffsetEdits, planTemperatureEdit } from '../../client/src/views/temperatureEdit';

function apply(text: string, t: number, cap: number | null): string {
  const plan = planTemperatureEdit(text, t, cap);
  assert.ok(plan.ok, plan.ok ? '' : plan.message);
  return applyOffsetEdits(text, plan.edits);
}

test('values are replaced in place; comments, order and other keys survive', () => {
  const text = 'mixture: m   # name\nsampling:           # how\n  strategy: proportional   # was\n  cap: 1000  # K\n  default_rate: 1\ntasks:\n  - {name: a, prefix: "a:", examples: 1}\n';
  const out = apply(text, 3.16, 2097152);
  assert.equal(out, 'mixture: m   # name\nsampling:           # how\n  strategy: temperature   # was\n  cap: 2097152  # K\n  default_rate: 1\n  temperature: 3.16\ntasks:\n  - {name: a, prefix: "a:", examples: 1}\n');
  assert.deepEqual(parse(out).sampling, { strategy: 'temperature', cap: 2097152, default_rate: 1, temperature: 3.16 });
});

test('no cap removes the cap line; an unchanged value is not rewritten', () => {
  const text = 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\n  cap: 5   # old\ntasks: []\n';
  const plan = planTemperatureEdit(text, 2, null);
  assert.ok(plan.ok);
  assert.equal(plan.edits.length, 1);
  assert.equal(applyOffsetEdits(text, plan.edits), 'mixture: m\nsampling:\n  strategy: temperature\n  temperature: 2\ntasks: []\n');
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
  ] as [string, number, number | null][]) {
    const plan = planTemperatureEdit(text, t, cap);
    assert.equal(plan.ok, false, text);
    if (!plan.ok) assert.ok(plan.message.length > 10);
  }
});
