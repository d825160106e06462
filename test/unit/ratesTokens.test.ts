// Tokens as a unit in the rates engine (spec 1.1): hand-worked rates of two tasks of different mean lengths under
// temperature in both units, budgets in tokens, UniMax over tokens against a published UniMax example, effective
// epochs against the datablations repository's published numbers, and the diminishing-repeats fix's arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRates, type RateEntry, type RateMixtureNode, type RatesOutcome, type RatesResult, type StrategyConfig, type TaskRate } from '../../server/src/core/rates';
import { effectiveEpochs, REPEAT_HALF_LIFE } from '../../server/src/core/rates/effectiveEpochs';
import { capForRepeats, rawRateForEpochs, repeatCapFor } from '../../server/src/core/rates/repeatCap';
import { ratesTable } from '../../server/src/cli/ratesTable';

const task = (name: string, examples: number, tokens?: number, extra: { scale?: number; rate?: number } = {}): RateEntry => ({
  kind: 'task',
  name,
  prefix: `${name}:`,
  examples,
  ...(tokens !== undefined ? { tokens } : {}),
  ...extra,
});
const mixture = (sampling: StrategyConfig, entries: RateEntry[], tokensDrawn?: number): RateMixtureNode => ({
  kind: 'mixture',
  name: 'm',
  sampling,
  entries,
  ...(tokensDrawn !== undefined ? { tokensDrawn } : {}),
});

function ok(outcome: RatesOutcome): RatesResult {
  if (!outcome.ok) assert.fail(`expected rates, got errors: ${JSON.stringify(outcome.errors)}`);
  return outcome.result;
}
function taskOf(r: RatesResult, name: string): TaskRate {
  const t = r.tasks.find((x) => x.name === name);
  assert.ok(t, `task ${name} in the result`);
  return t;
}
const near = (actual: number | null | undefined, expected: number, rel = 1e-12, what = ''): void => {
  assert.ok(typeof actual === 'number', `${what}: ${actual} is not a number`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
};

// Task a: 100 examples of 100 tokens each (10,000 tokens); task b: 400 examples of 20 tokens (8,000 tokens).
const a = task('a', 100, 10_000);
const b = task('b', 400, 8_000);

test('temperature T=2 by examples: r = sqrt(n), and the token share follows from the mean lengths', () => {
  const r = ok(computeRates(mixture({ strategy: 'temperature', temperature: 2 }, [a, b]), { examplesDrawn: 1200 }));
  // r_a = sqrt(100) = 10, r_b = sqrt(400) = 20: p = 1/3, 2/3.
  near(taskOf(r, 'a').rate, 1 / 3, 1e-15, 'p_a');
  near(taskOf(r, 'b').rate, 2 / 3, 1e-15, 'p_b');
  // Token shares: 1/3 * 100 : 2/3 * 20 = 100 : 40, so 5/7 and 2/7.
  near(taskOf(r, 'a').token_share, 5 / 7, 1e-15, 'share_a');
  near(taskOf(r, 'b').token_share, 2 / 7, 1e-15, 'share_b');
  // Epochs: 1200 * 1/3 / 100 = 4 and 1200 * 2/3 / 400 = 2.
  near(taskOf(r, 'a').epochs, 4, 1e-15, 'epochs_a');
  near(taskOf(r, 'b').epochs, 2, 1e-15, 'epochs_b');
  assert.equal(r.tokens_drawn, undefined, 'no tokens_drawn without a budget in tokens');
  assert.equal(taskOf(r, 'a').tokens, 10_000);
});

test('temperature T=2 by tokens: r = sqrt(tokens) shares the tokens; the example probabilities follow', () => {
  const r = ok(computeRates(mixture({ strategy: 'temperature', temperature: 2, unit: 'tokens' }, [a, b]), { examplesDrawn: 1200 }));
  // r_a = sqrt(10000) = 100, r_b = sqrt(8000) = 40 sqrt(5): token shares 100 / (100 + 40 sqrt 5) and the rest.
  const qa = 100 / (100 + 40 * Math.sqrt(5));
  near(taskOf(r, 'a').token_share, qa, 1e-14, 'share_a');
  near(taskOf(r, 'b').token_share, 1 - qa, 1e-14, 'share_b');
  // p_a = (q_a / 100) / (q_a / 100 + q_b / 20) = 1 / (1 + sqrt(8000) / 20) = 1 / (1 + 2 sqrt 5).
  const pa = 1 / (1 + 2 * Math.sqrt(5));
  near(taskOf(r, 'a').rate, pa, 1e-14, 'p_a');
  near(taskOf(r, 'b').rate, 1 - pa, 1e-14, 'p_b');
  near(taskOf(r, 'a').raw, 100, 1e-15, 'raw_a is in tokens');
  // Epochs are drawn / available in either unit: 1200 * p_a / 100.
  near(taskOf(r, 'a').epochs, (1200 * pa) / 100, 1e-14, 'epochs_a');
});

test('a budget in tokens: S = S_tok / sum p * mean, the same epochs counted in tokens', () => {
  const byTokens = ok(computeRates(mixture({ strategy: 'temperature', temperature: 2, unit: 'tokens' }, [a, b], 24_000), { examplesDrawn: null }));
  const qa = 100 / (100 + 40 * Math.sqrt(5));
  // Tokens drawn from a: 24000 * q_a of its 10000.
  near(taskOf(byTokens, 'a').epochs, (24_000 * qa) / 10_000, 1e-14, 'epochs_a');
  near(taskOf(byTokens, 'b').epochs, (24_000 * (1 - qa)) / 8_000, 1e-14, 'epochs_b');
  assert.equal(byTokens.tokens_drawn, 24_000);
  const pa = 1 / (1 + 2 * Math.sqrt(5));
  near(byTokens.examples_drawn, 24_000 / (pa * 100 + (1 - pa) * 20), 1e-14, 'S');
  // By examples, T=2: p = 1/3, 2/3, mean drawn 1/3 * 100 + 2/3 * 20 = 140/3, so S = 24000 * 3 / 140.
  const byExamples = ok(computeRates(mixture({ strategy: 'temperature', temperature: 2 }, [a, b], 24_000), { examplesDrawn: null }));
  near(byExamples.examples_drawn, (24_000 * 3) / 140, 1e-14, 'S by examples');
  near(taskOf(byExamples, 'a').epochs, (((24_000 * 3) / 140) * (1 / 3)) / 100, 1e-14, 'epochs_a by examples');
});

test('a budget or unit in tokens needs every task\'s tokens: a typed error names the task', () => {
  const outcome = computeRates(mixture({ strategy: 'proportional', unit: 'tokens' }, [a, task('c', 50)]), { examplesDrawn: null });
  assert.ok(!outcome.ok);
  assert.deepEqual(outcome.errors.map((e) => [e.code, e.entry]), [['tokens-unknown', 'c']]);
  const withBudget = computeRates(mixture({ strategy: 'proportional' }, [a, task('c', 50)], 1000), { examplesDrawn: null });
  assert.ok(!withBudget.ok && withBudget.errors[0]!.code === 'tokens-unknown');
  // Without tokens anywhere by examples: token shares are null, nothing else changes.
  const plain = ok(computeRates(mixture({ strategy: 'proportional' }, [a, task('c', 50)]), { examplesDrawn: 300 }));
  assert.equal(taskOf(plain, 'a').token_share, null);
  near(taskOf(plain, 'a').rate, 100 / 150, 1e-15, 'p_a');
});

// The published UniMax example of the `unimax-sampling` package (an implementation of Chung et al. 2023, "UniMax:
// Fairer and more effective language sampling for large-scale multilingual pretraining"): its README on PyPI,
// https://pypi.org/project/unimax-sampling/ ("Programmatic Usage"), allots a budget of 250e9 characters over five
// fineweb-2 languages with max_epochs 4. The sizes here are tokens instead of characters; Algorithm 1 is the same.
test('UniMax over tokens: the published allotments, probabilities and epochs for budget 250e9 and N = 4', () => {
  const counts: Record<string, number> = { swe: 179955884499, fas: 184595788282, ekk: 42541080893, isl: 10027573389, fao: 549707867 };
  const published = {
    budgets: { fao: 2198831468, isl: 40110293556, ekk: 69230291658.66667, swe: 69230291658.66666, fas: 69230291658.66666 },
    epochs: { fao: 4.0, isl: 4.0, ekk: 1.627375003300828, swe: 0.3847070177860806, fas: 0.37503722215431134 },
    probabilities: { fao: 0.008795325872, isl: 0.160441174224, ekk: 0.2769211666346667, swe: 0.27692116663466665, fas: 0.27692116663466665 },
  };
  // Documents of different lengths per language: the example counts only turn shares into example probabilities.
  const examples: Record<string, number> = { swe: 90_000_000, fas: 60_000_000, ekk: 30_000_000, isl: 8_000_000, fao: 700_000 };
  const entries = Object.keys(counts).map((name) => task(name, examples[name]!, counts[name]));
  const r = ok(computeRates(mixture({ strategy: 'unimax', unit: 'tokens', maxEpochs: 4 }, entries, 250e9), { examplesDrawn: null }));
  for (const name of Object.keys(counts) as (keyof typeof published.budgets)[]) {
    const t = taskOf(r, name);
    near(t.raw, published.budgets[name], 1e-15, `${name} allotment`);
    near(t.token_share, published.probabilities[name], 1e-11, `${name} share`);
    near(t.epochs, published.epochs[name], 1e-12, `${name} epochs`);
  }
  assert.equal(r.tokens_drawn, 250e9);
});

test('UniMax by tokens with a budget in examples spends the tokens whose examples make the budget', () => {
  const r = ok(computeRates(mixture({ strategy: 'unimax', unit: 'tokens', maxEpochs: 2 }, [a, b, task('c', 1000, 5000)]), { examplesDrawn: 1500 }));
  // Allotted tokens become examples at each task's mean (100, 20, 5); they add up to S = 1500, none past 2 epochs.
  const allottedExamples = r.tasks.reduce((sum, t) => sum + t.raw / (t.tokens! / t.examples), 0);
  near(allottedExamples, 1500, 1e-9, 'examples of the allotments');
  // Far from N = 2 epochs of anything, each task gets the same tokens V: V/100 + V/20 + V/5 = 0.26 V = 1500.
  const V = 1500 / 0.26;
  for (const t of r.tasks) near(t.raw, V, 1e-9, `${t.name}'s allotment`);
  near(taskOf(r, 'a').epochs, V / 10_000, 1e-9, 'a');
  near(taskOf(r, 'c').epochs, V / 5_000, 1e-9, 'c');
  // A larger budget fills c (5000 tokens, the smallest) to N = 2 first: 10000 tokens, 2000 examples; a and b share
  // the rest equally: 2000 + 0.06 W = 2600 gives W = 10000 each.
  const full = ok(computeRates(mixture({ strategy: 'unimax', unit: 'tokens', maxEpochs: 2 }, [a, b, task('c', 1000, 5000)]), { examplesDrawn: 2600 }));
  near(taskOf(full, 'c').epochs, 2, 1e-9, 'c at N');
  near(taskOf(full, 'a').raw, 10_000, 1e-9, 'a');
  near(taskOf(full, 'b').epochs, 10_000 / 8_000, 1e-9, 'b');
});

// huggingface/datablations, README.md at commit 13701315b163f1c54642b94ad237b2699187c3ee ("Parametric Fit"): the fitted
// parameters [a, b, e, alpha, beta, rd_star, rn_star] and two published losses of Figure 1 (right):
// scaling_law(6.34e9, 242e9, 25e9) = 2.2256440889984477 and scaling_law(8.67e9, 178e9, 25e9) = 2.2269634075087867.
// The data term there is B / (U + U * rd_star * (1 - exp(-RD / rd_star)))^beta with RD = D / U - 1: U times the effective
// epochs of D / U epochs. Written with effectiveEpochs (for both terms, R_N* for the parameters), the law gives them back.
test('effective epochs reproduce the datablations parametric fit\'s published losses', () => {
  const [pa, pb, pe, alpha, beta, rdStar, rnStar] = [6.255414, 7.3049974, 0.6254804, 0.3526596, 0.3526596, 15.387756, 5.309743];
  assert.equal(rdStar, REPEAT_HALF_LIFE);
  const A = Math.exp(pa);
  const B = Math.exp(pb);
  const E = Math.exp(pe);
  const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const dToN = (d: number) => (d * G) ** (beta / alpha) * G;
  const loss = (N: number, D: number, U: number): number => {
    const UN = Math.min(N, dToN(U));
    return E + A / (UN * effectiveEpochs(N / UN, rnStar)) ** alpha + B / (U * effectiveEpochs(D / U)) ** beta;
  };
  near(loss(6.34e9, 242e9, 25e9), 2.2256440889984477, 1e-14, 'Figure 1, 6.34B parameters');
  near(loss(8.67e9, 178e9, 25e9), 2.2269634075087867, 1e-14, 'Figure 1, 8.67B parameters');
});

test('effective epochs: E itself up to 1 epoch, about E up to 4, never past 1 + R*', () => {
  assert.equal(effectiveEpochs(0.25), 0.25);
  assert.equal(effectiveEpochs(1), 1);
  near(effectiveEpochs(4), 1 + 15.387756 * (1 - Math.exp(-3 / 15.387756)), 1e-15, 'E = 4');
  assert.ok(effectiveEpochs(4) > 3.7 && effectiveEpochs(4) < 4);
  assert.ok(effectiveEpochs(1e6) <= 1 + 15.387756 && effectiveEpochs(1e6) > 16.38);
  assert.ok(effectiveEpochs(16) < 11 && Math.abs(effectiveEpochs(8) - 6.62) < 0.01, 'flattening: 8 epochs are worth 6.6, 16 under 11');
  const r = ok(computeRates(mixture({ strategy: 'temperature', temperature: 2 }, [a, b]), { examplesDrawn: 1200 }));
  near(taskOf(r, 'a').effective_epochs, effectiveEpochs(4), 1e-15, 'in the result');
});

test('the repeat fix: the raw rate, scale and cap that bring a repeated task down to the threshold', () => {
  // Proportional with K = 200: r = 100, 200 (b capped), p_a = 1/3, epochs_a = 1200 / 3 / 100 = 4 > 3.
  const root = mixture({ strategy: 'proportional', cap: 200 }, [a, b]);
  const r = ok(computeRates(root, { examplesDrawn: 1200 }));
  const ta = taskOf(r, 'a');
  // p_a' = 3 * 100 / 1200 = 1/4; R = r_a / p_a = 300; r_a' = (1/4)(300 - 100) / (3/4) = 200/3.
  near(rawRateForEpochs(r, ta, root.sampling, 3, false), 200 / 3, 1e-13, 'raw');
  assert.deepEqual(repeatCapFor(200 / 3, ta, root.sampling, false), { key: 'scale', value: 0.6666 });
  const scaled = ok(computeRates(mixture(root.sampling, [task('a', 100, 10_000, { scale: 0.6666 }), b]), { examplesDrawn: 1200 }));
  assert.ok(taskOf(scaled, 'a').epochs! <= 3 && taskOf(scaled, 'a').epochs! > 2.99, `${taskOf(scaled, 'a').epochs}`);
  // Raising K: epochs_a = 1200 * 100 / (100 + min(400, K)) / 100 <= 3 needs K >= 300.
  assert.equal(capForRepeats(root, root.sampling, 1200, [0], 3), 300);
  // 2.5 epochs: 100 + K >= 480, K = 380. At most 2 epochs would need K >= 500, more than b's 400: no cap is enough.
  assert.equal(capForRepeats(root, root.sampling, 1200, [0], 2.5), 380);
  assert.equal(capForRepeats(root, root.sampling, 1200, [0], 2), undefined);
  // 2.4 epochs exactly with no cap: "remove the cap".
  assert.equal(capForRepeats(root, root.sampling, 1200, [0], 2.4), null);
});

test('an estimated count is marked in the result and in the table, with the token share beside the rate', () => {
  const r = ok(computeRates(mixture({ strategy: 'temperature', temperature: 2 }, [{ ...a, tokensEstimated: true } as RateEntry, b]), { examplesDrawn: 1200 }));
  assert.equal(taskOf(r, 'a').tokens_estimated, true);
  assert.equal(taskOf(r, 'b').tokens_estimated, false);
  const table = ratesTable(r).split('\n');
  assert.deepEqual(table[0]!.split(/ {2,}/), ['task', 'examples', 'tokens', 'rate', 'token share', 'epochs']);
  // a: p = 1/3 (33.33%), token share 5/7 (71.43%), 4 epochs; b: 2/3, 2/7, 2.
  assert.deepEqual(table[2]!.trim().split(/ +/), ['a', '100', '~10,000', '33.33%', '71.43%', '4']);
  assert.deepEqual(table[3]!.trim().split(/ +/), ['b', '400', '8,000', '66.67%', '28.57%', '2']);
  assert.match(table.at(-2)!, /^~ estimated from the first records/);
  // Without every task's tokens the table has no token columns.
  const plain = ok(computeRates(mixture({ strategy: 'proportional' }, [a, task('c', 50)]), { examplesDrawn: 300 }));
  assert.deepEqual(ratesTable(plain).split('\n')[0]!.split(/ {2,}/), ['task', 'examples', 'rate', 'epochs']);
});

test('the repeat fix in every unit and budget: the raw rate it finds gives the threshold when the engine recomputes', () => {
  const cases: [StrategyConfig, number | undefined, number | null][] = [
    [{ strategy: 'temperature', temperature: 2 }, 30_000, null],
    [{ strategy: 'temperature', temperature: 2, unit: 'tokens' }, undefined, 1200],
    [{ strategy: 'temperature', temperature: 2, unit: 'tokens' }, 30_000, null],
    [{ strategy: 'manual', defaultRate: 1, unit: 'tokens' }, undefined, 1200],
  ];
  for (const [sampling, tokensDrawn, examplesDrawn] of cases) {
    const r = ok(computeRates(mixture(sampling, [a, b], tokensDrawn), { examplesDrawn }));
    const ta = taskOf(r, 'a');
    const threshold = ta.epochs! * 0.6;
    const raw = rawRateForEpochs(r, ta, sampling, threshold, false);
    assert.ok(raw !== null && raw < ta.raw, `${JSON.stringify(sampling)}: ${raw}`);
    // Both raw rates fixed (b's as it was): only a's moves, as the fix keeps every other raw rate.
    const fixed = mixture(sampling, [{ ...a, rate: raw } as RateEntry, { ...b, rate: taskOf(r, 'b').raw } as RateEntry], tokensDrawn);
    near(taskOf(ok(computeRates(fixed, { examplesDrawn })), 'a').epochs, threshold, 1e-9, JSON.stringify(sampling));
  }
});
