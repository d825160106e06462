import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareStrategies, computeRates, type RateEntry, type RateMixtureNode, type StrategyConfig } from '../../server/src/core/rates';

const tasks = (pairs: [string, number][]): RateEntry[] => pairs.map(([name, examples]) => ({ kind: 'task', name, prefix: `${name}:`, examples }));
const root = (sampling: StrategyConfig, entries = tasks([['a', 100], ['b', 400], ['c', 10_000]])): RateMixtureNode => ({
  kind: 'mixture',
  name: 'mix',
  sampling,
  entries,
});

test('columns: uniform, proportional, capped, T=2/4/8, sqrt, UniMax, and the file strategy flagged', () => {
  const cmp = compareStrategies(root({ strategy: 'temperature', temperature: 3, cap: 1000, maxEpochs: 4 }), 5000);
  assert.equal(cmp.mixture, 'mix');
  assert.deepEqual(cmp.columns.map((c) => c.id), [
    'uniform', 'proportional', 'proportional-cap', 'temperature-2', 'temperature-4', 'temperature-8', 'sqrt', 'unimax', 'file',
  ]);
  const file = cmp.columns.filter((c) => c.isFileStrategy);
  assert.equal(file.length, 1);
  assert.equal(file[0].id, 'file');
  assert.equal(file[0].temperature, 3);
  assert.equal(file[0].cap, 1000);
  assert.equal(file[0].label, 'file: temperature T=3, K=1000');
  const capped = cmp.columns.find((c) => c.id === 'proportional-cap')!;
  // raw 100, 400, min(10000, 1000) = 1000 -> a = 100 / 1500
  assert.ok(Math.abs(capped.result.tasks[0].rate - 100 / 1500) < 1e-12);
  assert.equal(capped.cap, 1000);
  const t2 = cmp.columns.find((c) => c.id === 'temperature-2')!;
  assert.equal(t2.cap, undefined, 'generic columns are uncapped');
  // sqrt: 10, 20, 100 -> a = 10 / 130
  assert.ok(Math.abs(t2.result.tasks[0].rate - 10 / 130) < 1e-12);
  assert.deepEqual(Object.keys(t2), ['id', 'label', 'strategy', 'temperature', 'isFileStrategy', 'result']);
  const file2 = computeRates(root({ strategy: 'temperature', temperature: 3, cap: 1000, maxEpochs: 4 }), { examplesDrawn: 5000 });
  assert.ok(file2.ok);
  assert.deepEqual(file[0].result, file2.result);
});

test('the file strategy flags the matching generic column instead of repeating it', () => {
  const cmp = compareStrategies(root({ strategy: 'temperature', temperature: 2 }), null);
  assert.deepEqual(cmp.columns.map((c) => c.id), ['uniform', 'proportional', 'temperature-2', 'temperature-4', 'temperature-8', 'sqrt']);
  assert.deepEqual(cmp.columns.filter((c) => c.isFileStrategy).map((c) => c.id), ['temperature-2']);
});

test('UniMax only when the budget and max_epochs allow; columns that cannot compute are left out', () => {
  assert.ok(!compareStrategies(root({ strategy: 'proportional', maxEpochs: 4 }), null).columns.some((c) => c.id === 'unimax'));
  assert.ok(!compareStrategies(root({ strategy: 'proportional' }), 1000).columns.some((c) => c.id === 'unimax'));
  const fixed: RateEntry[] = [{ kind: 'task', name: 'a', prefix: 'a:', examples: 5, rate: 2 }, ...tasks([['b', 7]])];
  const cmp = compareStrategies(root({ strategy: 'proportional', maxEpochs: 4 }, fixed), 1000);
  assert.ok(!cmp.columns.some((c) => c.id === 'unimax'), 'a fixed rate is an error under unimax');
  assert.deepEqual(cmp.columns.filter((c) => c.isFileStrategy).map((c) => c.id), ['proportional']);
});
