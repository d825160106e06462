// Strategies matrix, row orders, transfer layout and clustering, on the core's real output for a GLUE fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MixtureProject } from '../../server/src/core/analyze';
import { balanceResponse } from '../../server/src/lsp/balanceRequests';
import { buildStrategyMatrix, strategyRowOrder } from '../../client/webview/balance/strategyMatrix';
import { clusterRowOrder, rowDistance } from '../../client/webview/balance/cluster';
import { transferExtent, transferLayout } from '../../client/webview/balance/transferMatrix';
import type { TransferResult } from '../../contracts/balanceData';

const fixture = resolve('test/browser/fixtures/glue-results.mixture.yaml');
const uri = pathToFileURL(fixture).toString();

/** What the server answers `taskmix/balance` with, from its own handler over the core. */
async function glue() {
  const project = new MixtureProject();
  project.setText(fixture, readFileSync(fixture, 'utf8'));
  return balanceResponse(uri, 1, await project.analyze(fixture), project, new Map(), 10, 1);
}

test('the strategies matrix holds each column\'s rates and epochs, tasks in file order', async () => {
  const b = await glue();
  const m = buildStrategyMatrix(b.comparison!);
  assert.deepEqual(m.rows.map((r) => r.name), ['cola', 'sst2', 'mrpc', 'qqp', 'stsb', 'mnli', 'qnli', 'rte', 'wnli']);
  assert.ok(m.fileColumn >= 0 && m.columns[m.fileColumn]!.isFileStrategy);
  const width = m.columns.length;
  b.comparison!.columns.forEach((col, c) => {
    let sum = 0;
    for (const t of col.result.tasks) {
      const r = m.rows.findIndex((row) => row.name === t.name);
      assert.equal(m.rates[r * width + c], t.rate);
      assert.equal(m.epochs[r * width + c], t.epochs ?? NaN);
      sum += m.rates[r * width + c]!;
    }
    assert.ok(Math.abs(sum - 1) < 1e-9, `${col.label} sums to ${sum}`);
  });
  const uniform = m.columns.findIndex((c) => c.id === 'uniform');
  assert.equal(m.rates[0 * width + uniform], 1 / 9);
});

test('rows sort by name, by examples and by the file strategy\'s rate (largest first, stable)', async () => {
  const m = buildStrategyMatrix((await glue()).comparison!);
  const names = (order: number[]) => order.map((i) => m.rows[i]!.name);
  assert.deepEqual(names(strategyRowOrder(m, 'name')), ['cola', 'mnli', 'mrpc', 'qnli', 'qqp', 'rte', 'sst2', 'stsb', 'wnli']);
  assert.deepEqual(names(strategyRowOrder(m, 'examples')), ['mnli', 'qqp', 'qnli', 'sst2', 'cola', 'stsb', 'mrpc', 'rte', 'wnli']);
  // T=2 keeps the order of n (no task reaches K = 2^21), so sorting by rate matches sorting by examples.
  assert.deepEqual(names(strategyRowOrder(m, 'rate')), names(strategyRowOrder(m, 'examples')));
  const uniform = m.columns.findIndex((c) => c.id === 'uniform');
  assert.deepEqual(strategyRowOrder(m, 'rate', uniform), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
});

test('a task missing from a column is NaN, never 0', () => {
  const task = (name: string, rate: number) => ({ name, via: [], prefix: `${name}:`, examples: 10, raw: rate, rate, epochs: null });
  const balance = { entropy: 0, normalized_entropy: 1, effective_tasks: 1, max_min_ratio: 1, gini: 0, kl_uniform: 0, kl_proportional: 0 };
  const m = buildStrategyMatrix({
    mixture: 'm',
    columns: [
      { id: 'a', label: 'a', strategy: 'uniform', isFileStrategy: false, result: { mixture: 'm', strategy: 'uniform', examples_drawn: null, tasks: [task('x', 0.5), task('y', 0.5)], balance } },
      { id: 'b', label: 'b', strategy: 'manual', isFileStrategy: true, result: { mixture: 'm', strategy: 'manual', examples_drawn: null, tasks: [task('y', 1)], balance } },
    ],
  });
  assert.deepEqual(m.rows.map((r) => r.name), ['y', 'x']);
  assert.equal(m.fileColumn, 1);
  assert.ok(Number.isNaN(m.rates[1 * 2 + 1]!));
  assert.equal(m.rates[0 * 2 + 1], 1);
  assert.deepEqual(strategyRowOrder(m, 'rate', 1), [0, 1]);
});

test('transfer from the core: signed relative change, missing cells null; layouts keep the diagonal', async () => {
  const t = (await glue()).transfer!;
  const at = (target: string, source: string) => t.matrix[t.targets.indexOf(target)]![t.sources.indexOf(source)];
  assert.ok(Math.abs(at('cola', 'sst2')! - 0.02) < 1e-12); // (53.04 - 52) / 52
  assert.ok(Math.abs(at('cola', 'mnli')! + 0.02) < 1e-12);
  assert.equal(at('sst2', 'mnli'), null);
  assert.ok(Math.abs(transferExtent(t) - 0.15) < 1e-12); // rte <- mnli: (69 - 60) / 60
  const file = transferLayout(t, 'file');
  assert.deepEqual(file.rowOrder, t.targets.map((_, i) => i));
  const byName = transferLayout(t, 'name');
  assert.deepEqual(byName.rowOrder.map((i) => t.targets[i]), [...t.targets].sort());
  const sourcesThatAreTargets = byName.colOrder.map((i) => t.sources[i]!).filter((s) => t.targets.includes(s));
  assert.deepEqual(sourcesThatAreTargets, [...t.targets].sort().filter((x) => t.sources.includes(x)));
  assert.deepEqual([...byName.colOrder].sort(), t.sources.map((_, i) => i));
});

test('clustering puts similar rows together, ignores missing cells, and is deterministic', () => {
  // Rows 0, 2, 4 help (positive), rows 1, 3, 5 hurt (negative); nulls sprinkled in.
  const rows = [
    [0.3, 0.31, null, 0.29],
    [-0.2, null, -0.22, -0.21],
    [null, 0.3, 0.32, 0.3],
    [-0.21, -0.2, -0.2, null],
    [0.29, 0.3, 0.3, 0.31],
    [-0.2, -0.19, null, -0.2],
  ];
  const order = clusterRowOrder(rows);
  assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4, 5]);
  const groups = order.map((r) => (r % 2 === 0 ? 'help' : 'hurt'));
  assert.ok(groups.join(',') === 'help,help,help,hurt,hurt,hurt' || groups.join(',') === 'hurt,hurt,hurt,help,help,help', groups.join(','));
  assert.deepEqual(clusterRowOrder(rows), order);
  assert.ok(Number.isNaN(rowDistance([1, null], [null, 2])));
  assert.equal(rowDistance([1, 2, null], [1, 4, 7]), Math.sqrt(2));
});

test('clustering a transfer matrix of 200 tasks keeps every row once', () => {
  const n = 200;
  const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * 7 + j * 13) % 11 === 0 ? null : Math.sin(i % 5) + 0.01 * Math.cos(j))));
  const order = clusterRowOrder(matrix);
  assert.equal(new Set(order).size, n);
  const t: TransferResult = { metric: null, higherIsBetter: true, targets: matrix.map((_, i) => `t${i}`), sources: matrix.map((_, i) => `t${i}`), matrix, gain: [], notes: [] };
  const layout = transferLayout(t, 'clustered');
  assert.deepEqual(layout.colOrder, layout.rowOrder);
  // Rows with the same pattern (i mod 5) form contiguous blocks.
  const blocks = layout.rowOrder.map((i) => i % 5).filter((k, idx, a) => idx === 0 || a[idx - 1] !== k);
  assert.equal(blocks.length, 5);
});
