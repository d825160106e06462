import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeBalance } from '../../server/src/core/rates';

const near = (a: number | null, e: number, what: string): void => {
  assert.ok(a !== null && Math.abs(a - e) < 1e-12, `${what}: ${a} != ${e}`);
};

test('uniform over 4 tasks: H = ln 4, everything balanced', () => {
  const b = computeBalance([0.25, 0.25, 0.25, 0.25], [10, 10, 10, 10]);
  near(b.entropy, Math.log(4), 'entropy');
  near(b.normalized_entropy, 1, 'normalized');
  near(b.effective_tasks, 4, 'effective');
  near(b.max_min_ratio, 1, 'ratio');
  near(b.gini, 0, 'gini');
  near(b.kl_uniform, 0, 'kl uniform');
  near(b.kl_proportional, 0, 'kl proportional');
});

test('p = (1/2, 1/4, 1/4) over n = (1, 1, 2), by hand', () => {
  const b = computeBalance([0.5, 0.25, 0.25], [1, 1, 2]);
  // H = 1/2 ln 2 + 2 * 1/4 ln 4 = 3/2 ln 2
  near(b.entropy, 1.5 * Math.LN2, 'entropy');
  near(b.normalized_entropy, (1.5 * Math.LN2) / Math.log(3), 'normalized');
  near(b.effective_tasks, 2 ** 1.5, 'effective = e^H = 2^1.5');
  near(b.max_min_ratio, 2, 'ratio');
  // Gini: sum over ordered pairs |pi - pj| = 4 * 1/4 = 1; / (2 N sum p) = 1/6
  near(b.gini, 1 / 6, 'gini');
  near(b.kl_uniform, Math.log(3) - 1.5 * Math.LN2, 'kl uniform = ln N - H');
  // q = (1/4, 1/4, 1/2): 1/2 ln 2 + 1/4 ln 1 + 1/4 ln 1/2 = 1/4 ln 2
  near(b.kl_proportional, 0.25 * Math.LN2, 'kl proportional');
});

test('raw rates are normalized first', () => {
  assert.deepEqual(computeBalance([2, 1, 1], [1, 1, 2]), computeBalance([0.5, 0.25, 0.25], [1, 1, 2]));
});

test('one task: normalized entropy 1, no NaN', () => {
  const b = computeBalance([1], [5]);
  assert.deepEqual(b, { entropy: 0, normalized_entropy: 1, effective_tasks: 1, max_min_ratio: 1, gini: 0, kl_uniform: 0, kl_proportional: 0 });
});

test('a zero probability makes max/min unbounded (null); KL from proportional unbounded where n = 0', () => {
  const b = computeBalance([1, 0], [0, 5]);
  assert.equal(b.max_min_ratio, null);
  assert.equal(b.kl_proportional, null);
  near(b.kl_uniform, Math.LN2, 'kl uniform');
  near(b.effective_tasks, 1, 'effective');
  near(b.gini, 0.5, 'gini = 1 - 1/N at full concentration');
  assert.equal(computeBalance([0.5, 0.5], [0, 0]).kl_proportional, null, 'no baseline when sum n = 0');
});

test('no tasks: defined figures, no NaN', () => {
  const b = computeBalance([], []);
  assert.doesNotMatch(JSON.stringify(b), /NaN/);
  assert.equal(b.effective_tasks, 0);
});
