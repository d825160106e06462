import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeRates,
  rateTreeErrors,
  describeRawRate,
  unimaxAllocation,
  type RateEntry,
  type RateMixtureNode,
  type RatesOutcome,
  type RatesResult,
  type StrategyConfig,
} from '../../server/src/core/rates';

const task = (name: string, examples: number, extra: { scale?: number; rate?: number } = {}): RateEntry => ({
  kind: 'task',
  name,
  prefix: `${name}:`,
  examples,
  ...extra,
});
const mixture = (name: string, sampling: StrategyConfig, entries: RateEntry[], rate?: number): RateMixtureNode => ({
  kind: 'mixture',
  name,
  sampling,
  entries,
  ...(rate !== undefined ? { rate } : {}),
});

function ok(outcome: RatesOutcome): RatesResult {
  if (!outcome.ok) assert.fail(`expected rates, got errors: ${JSON.stringify(outcome.errors)}`);
  return outcome.result;
}
const rateOf = (r: RatesResult, name: string): number => {
  const t = r.tasks.find((x) => x.name === name);
  assert.ok(t, `task ${name} in the result`);
  return t.rate;
};
const near = (actual: number, expected: number, tol = 1e-12, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} != ${expected}`);

test('proportional: 100 and 300 examples give 100/400 and 300/400', () => {
  const r = ok(computeRates(mixture('m', { strategy: 'proportional' }, [task('a', 100), task('b', 300)]), { examplesDrawn: null }));
  near(rateOf(r, 'a'), 0.25);
  near(rateOf(r, 'b'), 0.75);
  assert.equal(r.tasks[1].raw, 300);
  assert.equal(r.tasks[0].epochs, null, 'no budget, no epochs');
});

test('proportional with cap K=200: raw min(100,200)=100 and min(300,200)=200 -> 1/3, 2/3', () => {
  const r = ok(computeRates(mixture('m', { strategy: 'proportional', cap: 200 }, [task('a', 100), task('b', 300)]), { examplesDrawn: null }));
  near(rateOf(r, 'a'), 1 / 3);
  near(rateOf(r, 'b'), 2 / 3);
});

test('cap 0 means no cap', () => {
  const r = ok(computeRates(mixture('m', { strategy: 'proportional', cap: 0 }, [task('a', 100), task('b', 300)]), { examplesDrawn: null }));
  near(rateOf(r, 'a'), 0.25);
});

test('temperature T=2: raw sqrt(100)=10, sqrt(400)=20 -> 1/3, 2/3; sqrt is the same', () => {
  for (const sampling of [{ strategy: 'temperature', temperature: 2 }, { strategy: 'sqrt' }] as StrategyConfig[]) {
    const r = ok(computeRates(mixture('m', sampling, [task('a', 100), task('b', 400)]), { examplesDrawn: null }));
    near(r.tasks[0].raw, 10);
    near(rateOf(r, 'a'), 1 / 3);
    near(rateOf(r, 'b'), 2 / 3);
  }
});

test("seqio's order: scale, then cap, then power", () => {
  // a: min(1000 * 3, 2000) ^ (1/2) = sqrt(2000) = 44.7214 (cap-before-scale would give sqrt(3000))
  // b: min(500 * 1, 2000) ^ (1/2) = sqrt(500) = 22.3607
  const m = mixture('m', { strategy: 'temperature', temperature: 2, cap: 2000 }, [task('a', 1000, { scale: 3 }), task('b', 500)]);
  const r = ok(computeRates(m, { examplesDrawn: null }));
  near(r.tasks[0].raw, Math.sqrt(2000));
  near(r.tasks[1].raw, Math.sqrt(500));
  near(rateOf(r, 'a'), Math.sqrt(2000) / (Math.sqrt(2000) + Math.sqrt(500)));
  // With scale 0.1 the cap does not bind: (1000 * 0.1)^(1/2) = 10
  const r2 = ok(computeRates(mixture('m', { strategy: 'temperature', temperature: 2, cap: 2000 }, [task('a', 1000, { scale: 0.1 })]), { examplesDrawn: null }));
  near(r2.tasks[0].raw, 10);
});

test('uniform ignores sizes; manual uses rate, else default_rate', () => {
  const u = ok(computeRates(mixture('m', { strategy: 'uniform' }, [task('a', 1), task('b', 1e6), task('c', 0)]), { examplesDrawn: null }));
  for (const t of u.tasks) near(t.rate, 1 / 3);
  // manual: a rate 2, b default 6 -> 2/8, 6/8
  const m = ok(computeRates(mixture('m', { strategy: 'manual', defaultRate: 6 }, [task('a', 10, { rate: 2 }), task('b', 10)]), { examplesDrawn: null }));
  near(rateOf(m, 'a'), 0.25);
  near(rateOf(m, 'b'), 0.75);
});

test("a task's rate replaces the computed raw rate (t5's rate_unsupervised)", () => {
  // a: fixed 300; b: 300 proportional -> 1/2 each
  const r = ok(computeRates(mixture('m', { strategy: 'proportional' }, [task('a', 100, { rate: 300 }), task('b', 300)]), { examplesDrawn: null }));
  near(rateOf(r, 'a'), 0.5);
  assert.equal(r.tasks[0].raw, 300);
});

test('T5 GLUE mixture at T=2, K=2^21 matches the hand formula to 1e-9', () => {
  const glue: [string, number][] = [
    ['cola', 8551], ['sst2', 67349], ['mrpc', 3668], ['qqp', 363846], ['stsb', 5749],
    ['mnli', 392702], ['qnli', 104743], ['rte', 2490], ['wnli', 635],
  ];
  const K = 2 ** 21;
  const root = mixture('glue_t5', { strategy: 'temperature', temperature: 2, cap: K }, glue.map(([n, e]) => task(n, e)));
  const S = 262144 * 128;
  const r = ok(computeRates(root, { examplesDrawn: S }));
  // Every n is below K, so raw = sqrt(n); p = sqrt(n) / sum sqrt(n).
  const denominator = glue.reduce((s, [, n]) => s + Math.sqrt(Math.min(n, K)), 0);
  for (const [name, n] of glue) {
    const expected = Math.sqrt(Math.min(n, K)) / denominator;
    near(rateOf(r, name), expected, 1e-9, name);
    near(r.tasks.find((t) => t.name === name)!.epochs!, (S * expected) / n, 1e-6, `${name} epochs`);
  }
  // cola by hand: sqrt(8551) = 92.47; sqrt(n) of all nine: 92.47 + 259.52 + 60.56 + 603.20 + 75.82
  // + 626.66 + 323.64 + 49.90 + 25.20 = 2116.97, so p(cola) = 92.47 / 2116.97 = 0.04368
  near(rateOf(r, 'cola'), 0.04368, 1e-5, 'cola by hand');
  near(r.tasks.reduce((s, t) => s + t.rate, 0), 1, 1e-12);
  assert.equal(r.strategy, 'temperature');
  assert.equal(r.examples_drawn, S);
  assert.deepEqual(r.tasks[0].via, ['glue_t5']);
});

test('describeRawRate writes the formula with the numbers', () => {
  const k = { strategy: 'temperature', temperature: 2, cap: 2097152 } as const;
  assert.equal(describeRawRate({ examples: 8551 }, k), 'min(8551 x 1, 2097152)^(1/2) = 92.47');
  assert.equal(describeRawRate({ examples: 8551 }, { strategy: 'sqrt' }), '(8551 x 1)^(1/2) = 92.47');
  assert.equal(describeRawRate({ examples: 300, scale: 2 }, { strategy: 'proportional', cap: 500 }), 'min(300 x 2, 500) = 500');
  assert.equal(describeRawRate({ examples: 300 }, { strategy: 'proportional' }), '300 x 1 = 300');
  assert.equal(describeRawRate({ examples: 3 }, { strategy: 'uniform' }), '1 (uniform)');
  assert.equal(describeRawRate({ examples: 3 }, { strategy: 'manual', defaultRate: 1 }), 'default_rate 1');
  assert.equal(describeRawRate({ examples: 3, rate: 0.5 }, { strategy: 'manual' }), 'rate 0.500');
  assert.match(describeRawRate({ examples: 3, rate: 1e6 }, { strategy: 'sqrt' }), /^rate 1000000 \(fixed/);
  assert.equal(describeRawRate({ examples: 10 }, { strategy: 'unimax', maxEpochs: 2 }, 20), 'UniMax: min(remaining budget / tasks left, 2 x 10) = 20');
  const r = ok(computeRates(mixture('m', k, [task('cola', 8551)]), { examplesDrawn: null }));
  assert.equal(r.tasks.length, 1);
});

test('UniMax, worked by hand (n = 10, 50, 1000; S = 600; N = 2)', () => {
  // ascending: 10 -> min(600/3, 2*10) = 20, left 580; 50 -> min(580/2, 100) = 100, left 480;
  // 1000 -> min(480/1, 2000) = 480. p = 20/600, 100/600, 480/600; epochs = 2, 2, 0.48.
  assert.deepEqual(unimaxAllocation([1000, 10, 50], 600, 2), [480, 20, 100]);
  const root = mixture('m', { strategy: 'unimax', maxEpochs: 2 }, [task('big', 1000), task('tiny', 10), task('mid', 50)]);
  const r = ok(computeRates(root, { examplesDrawn: 600 }));
  near(rateOf(r, 'tiny'), 20 / 600);
  near(rateOf(r, 'mid'), 100 / 600);
  near(rateOf(r, 'big'), 480 / 600);
  assert.deepEqual(r.tasks.map((t) => Number(t.epochs!.toFixed(9))), [0.48, 2, 2]);
});

test('UniMax on the published five-language example (character budget 250e9, N = 4)', () => {
  // fao: min(250e9/5, 4 * 549707867) = 2198831468; isl: min(247801168532/4, 40110293556) = 40110293556;
  // the other three share 207690874976 equally: 69230291658.67 each.
  const counts = [179955884499, 184595788282, 42541080893, 10027573389, 549707867];
  const u = unimaxAllocation(counts, 250e9, 4);
  near(u[4], 2198831468, 1e-3);
  near(u[3], 40110293556, 1e-3);
  for (const i of [0, 1, 2]) near(u[i], 207690874976 / 3, 1e-3);
});

test('UniMax needs a budget and max_epochs, and refuses fixed rates: typed errors, no throw', () => {
  const entries = [task('a', 10), task('b', 20)];
  const noBudget = computeRates(mixture('m', { strategy: 'unimax', maxEpochs: 2 }, entries), { examplesDrawn: null });
  assert.equal(noBudget.ok, false);
  assert.deepEqual(!noBudget.ok && noBudget.errors.map((e) => e.code), ['unimax-needs-budget']);
  const noN = computeRates(mixture('m', { strategy: 'unimax' }, entries), { examplesDrawn: 100 });
  assert.deepEqual(!noN.ok && noN.errors.map((e) => e.code), ['unimax-needs-max-epochs']);
  const fixed = computeRates(mixture('m', { strategy: 'unimax', maxEpochs: 1 }, [task('a', 10, { rate: 2 })]), { examplesDrawn: 100 });
  assert.deepEqual(!fixed.ok && fixed.errors.map((e) => [e.code, e.entry]), [['rate-with-unimax', 'a']]);
});

test('other errors: manual without rates, temperature without T, all rates zero, no tasks, negative n', () => {
  const codes = (o: RatesOutcome) => (o.ok ? [] : o.errors.map((e) => e.code));
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'manual' }, [task('a', 1)]), { examplesDrawn: null })), ['manual-needs-rate']);
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'temperature' }, [task('a', 1)]), { examplesDrawn: null })), ['invalid-temperature']);
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'temperature', temperature: 0 }, [task('a', 1)]), { examplesDrawn: null })), ['invalid-temperature']);
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'proportional' }, [task('a', 0), task('b', 0)]), { examplesDrawn: null })), ['all-rates-zero']);
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'proportional' }, []), { examplesDrawn: null })), ['no-tasks']);
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'proportional' }, [task('a', -1)]), { examplesDrawn: null })), ['invalid-number']);
  assert.deepEqual(codes(computeRates(mixture('m', { strategy: 'proportional' }, [task('a', 1)]), { examplesDrawn: -5 })), ['invalid-number']);
});

test('sub-mixture without rate counts as one task of n = sum of its tasks, shared by its own strategy', () => {
  // root proportional: a 100, sub (b 100 + c 300 = 400) -> a 100/500 = 0.2, sub 0.8; sub uniform: b 0.4, c 0.4
  const sub = mixture('sub', { strategy: 'uniform' }, [task('b', 100), task('c', 300)]);
  const r = ok(computeRates(mixture('root', { strategy: 'proportional' }, [task('a', 100), sub]), { examplesDrawn: 1000 }));
  near(rateOf(r, 'a'), 0.2);
  near(rateOf(r, 'b'), 0.4);
  near(rateOf(r, 'c'), 0.4);
  const b = r.tasks.find((t) => t.name === 'b')!;
  assert.deepEqual(b.via, ['root', 'sub']);
  assert.equal(b.raw, 1, 'raw among its siblings in sub (uniform)');
  near(b.epochs!, (1000 * 0.4) / 100);
});

test('a sub-mixture whose raw rates are all zero is an error even at probability 0 (seqio divides by its total rate)', () => {
  const codes = (o: RatesOutcome) => (o.ok ? [] : o.errors.map((e) => [e.code, e.mixturePath.join('/')]));
  // n = 0, so the proportional root gives it probability 0; seqio's get_rate still computes 0 * 0 / 0.
  const zero = mixture('zero', { strategy: 'manual' }, [task('b', 0, { rate: 0 })]);
  assert.deepEqual(codes(computeRates(mixture('root', { strategy: 'proportional' }, [task('a', 10), zero]), { examplesDrawn: null })), [['all-rates-zero', 'root/zero']]);
  const sizeless = mixture('sizeless', { strategy: 'proportional' }, [task('b', 0)], 0);
  assert.deepEqual(codes(computeRates(mixture('root', { strategy: 'uniform' }, [task('a', 10), sizeless]), { examplesDrawn: null })), [['all-rates-zero', 'root/sizeless']]);
  // A unimax sub-mixture given probability 0 gets a budget of 0: its zero allotments are not its own fault.
  const unimax = mixture('u', { strategy: 'unimax', maxEpochs: 1 }, [task('b', 10)], 0);
  const r = ok(computeRates(mixture('root', { strategy: 'uniform' }, [task('a', 10), unimax]), { examplesDrawn: 100 }));
  assert.equal(rateOf(r, 'b'), 0);
  assert.deepEqual(rateTreeErrors(zero, null).map((e) => e.code), ['all-rates-zero']);
  assert.deepEqual(rateTreeErrors(unimax, 100), []);
});

test('sub-mixture with rate takes that raw rate among its siblings', () => {
  // root uniform: a raw 1, sub raw 3 -> a 1/4, sub 3/4; sub proportional: b 100/400 * 3/4, c 300/400 * 3/4
  const sub = mixture('sub', { strategy: 'proportional' }, [task('b', 100), task('c', 300)], 3);
  const r = ok(computeRates(mixture('root', { strategy: 'uniform' }, [task('a', 100), sub]), { examplesDrawn: null }));
  near(rateOf(r, 'a'), 0.25);
  near(rateOf(r, 'b'), 0.1875);
  near(rateOf(r, 'c'), 0.5625);
});

test('a task reached along two paths is one task with the summed rate, via its first path', () => {
  // root uniform over [a, sub]; sub uniform over [a, b]: a = 1/2 + 1/2 * 1/2 = 3/4, b = 1/4
  const sub = mixture('sub', { strategy: 'uniform' }, [task('a', 100), task('b', 100)]);
  const outcome = computeRates(mixture('root', { strategy: 'uniform' }, [task('a', 100), sub]), { examplesDrawn: null });
  const r = ok(outcome);
  assert.deepEqual(r.tasks.map((t) => t.name), ['a', 'b']);
  near(rateOf(r, 'a'), 0.75);
  near(rateOf(r, 'b'), 0.25);
  assert.deepEqual(r.tasks[0].via, ['root']);
  assert.ok(outcome.ok && outcome.details[0].paths === 2 && outcome.details[1].paths === 1);
  assert.ok(!('paths' in r.tasks[0]), 'paths stays out of the JSON');
  // Reached through two includes, first listed first.
  const sub2 = mixture('sub2', { strategy: 'uniform' }, [task('b', 100), task('c', 100)]);
  const r2 = ok(computeRates(mixture('root', { strategy: 'uniform' }, [sub, sub2]), { examplesDrawn: null }));
  // a 1/4, b 1/4 + 1/4, c 1/4
  near(rateOf(r2, 'b'), 0.5);
  assert.deepEqual(r2.tasks.find((t) => t.name === 'b')!.via, ['root', 'sub']);
});

test('UniMax inside a sub-mixture gets the budget S * p(sub)', () => {
  // root uniform: x 1/2, sub 1/2 -> sub budget 400 * 1/2 = 200; N = 1:
  // b: min(200/2, 1 * 10) = 10, left 190; c: min(190, 1000) = 190 -> b 1/2 * 10/200 = 0.025, c 0.475
  const sub = mixture('sub', { strategy: 'unimax', maxEpochs: 1 }, [task('b', 10), task('c', 1000)]);
  const r = ok(computeRates(mixture('root', { strategy: 'uniform' }, [task('x', 100), sub]), { examplesDrawn: 400 }));
  near(rateOf(r, 'b'), 0.025);
  near(rateOf(r, 'c'), 0.475);
  near(r.tasks.find((t) => t.name === 'b')!.epochs!, 1, 1e-12, 'b at exactly N epochs');
});

test('overrides change the root strategy only, sub-mixtures keep theirs', () => {
  const sub = mixture('sub', { strategy: 'proportional' }, [task('b', 100), task('c', 300)], 1);
  const root = mixture('root', { strategy: 'temperature', temperature: 2 }, [task('a', 100), task('d', 400), sub]);
  const base = ok(computeRates(root, { examplesDrawn: null }));
  // a raw 10, d raw 20, sub raw 1 (fixed): a 10/31
  near(rateOf(base, 'a'), 10 / 31);
  // T = 4: a 100^(1/4) = sqrt 10, d 400^(1/4) = sqrt 20, sub 1
  const t4 = ok(computeRates(root, { examplesDrawn: null, overrides: { temperature: 4 } }));
  const s4 = Math.sqrt(10) + Math.sqrt(20) + 1;
  near(rateOf(t4, 'a'), Math.sqrt(10) / s4);
  // Inside sub still proportional: b = 1/4 of sub's share.
  near(rateOf(t4, 'b'), 0.25 * (1 / s4));
  const prop = ok(computeRates(root, { examplesDrawn: null, overrides: { strategy: 'proportional' } }));
  near(rateOf(prop, 'a'), 100 / 501);
  assert.equal(prop.strategy, 'proportional');
  const capped = ok(computeRates(root, { examplesDrawn: null, overrides: { strategy: 'equal', cap: 50 } }));
  near(rateOf(capped, 'a'), 1 / 3);
  assert.equal(capped.strategy, 'uniform');
});

test('epochs are null where n = 0, and the JSON has exactly the documented keys', () => {
  const r = ok(computeRates(mixture('m', { strategy: 'uniform' }, [task('a', 0), task('b', 10)]), { examplesDrawn: 100 }));
  assert.equal(r.tasks[0].epochs, null);
  assert.equal(r.tasks[1].epochs, 5);
  assert.deepEqual(Object.keys(r), ['mixture', 'strategy', 'examples_drawn', 'tasks', 'balance']);
  assert.deepEqual(Object.keys(r.tasks[0]), ['name', 'via', 'prefix', 'examples', 'raw', 'rate', 'epochs', 'tokens', 'tokens_estimated', 'token_share', 'effective_epochs']);
  assert.deepEqual(Object.keys(r.balance), ['entropy', 'normalized_entropy', 'effective_tasks', 'max_min_ratio', 'gini', 'kl_uniform', 'kl_proportional']);
  assert.doesNotMatch(JSON.stringify(r), /NaN|Infinity/);
});
