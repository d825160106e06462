import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binomialProbability,
  checkpointSteps,
  sampleBinomial,
  samplingToCsv,
  samplingToJson,
  simulateSampling,
  Xoshiro128StarStar,
  type RatesResult,
  type SamplingOptions,
  type SamplingSimulation,
} from '../../server/src/core/rates';

const ratesOf = (tasks: [string, number, number][]): RatesResult => ({
  mixture: 'mix',
  strategy: 'manual',
  examples_drawn: null,
  tasks: tasks.map(([name, examples, rate]) => ({ name, via: ['mix'], prefix: `${name}:`, examples, raw: rate, rate, epochs: null })),
  balance: { entropy: 0, normalized_entropy: 1, effective_tasks: 1, max_min_ratio: 1, gini: 0, kl_uniform: 0, kl_proportional: 0 },
});
function simulate(r: RatesResult, o: SamplingOptions): SamplingSimulation {
  const out = simulateSampling(r, o);
  if (!out.ok) assert.fail(out.error);
  return out.simulation;
}
const mix = ratesOf([['a', 1000, 0.5], ['b', 50, 0.3], ['c', 20_000, 0.15], ['d', 7, 0.05], ['zero', 10, 0]]);

test('xoshiro128** matches the reference outputs for state (1, 2, 3, 4)', () => {
  const r = new Xoshiro128StarStar([1, 2, 3, 4]);
  const outputs = Array.from({ length: 10 }, () => r.nextUint32());
  assert.deepEqual(outputs, [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  const f = Xoshiro128StarStar.fromSeed(7);
  for (let i = 0; i < 1000; i++) {
    const u = f.nextFloat();
    assert.ok(u >= 0 && u < 1);
  }
});

test('binomial probabilities match the exact product form, including near the mode', () => {
  for (const [n, p] of [[60, 0.5], [1000, 0.37], [4000, 0.01]] as [number, number][]) {
    const logFactorial = [0];
    for (let i = 1; i <= n; i++) logFactorial.push(logFactorial[i - 1] + Math.log(i));
    let total = 0;
    for (let x = 0; x <= n; x++) {
      const exact = Math.exp(logFactorial[n] - logFactorial[x] - logFactorial[n - x] + x * Math.log(p) + (n - x) * Math.log1p(-p));
      const ours = binomialProbability(x, n, p);
      assert.ok(Math.abs(ours - exact) <= 1e-10 * exact + 1e-300, `P(${x}; ${n}, ${p}) = ${ours} vs ${exact}`);
      total += ours;
    }
    assert.ok(Math.abs(total - 1) < 1e-12, `sums to ${total}`);
  }
});

test('binomial draws: edge cases exact, mean and variance right for small and large n', () => {
  const rng = Xoshiro128StarStar.fromSeed(1);
  assert.equal(sampleBinomial(rng, 100, 0), 0);
  assert.equal(sampleBinomial(rng, 100, 1), 100);
  assert.equal(sampleBinomial(rng, 0, 0.5), 0);
  for (const [n, p] of [[20, 0.3], [128, 0.9], [10_000, 0.37], [1_000_000, 0.001], [5_000_000, 0.8]] as [number, number][]) {
    const draws = 4000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < draws; i++) {
      const k = sampleBinomial(rng, n, p);
      assert.ok(Number.isInteger(k) && k >= 0 && k <= n, `${k} out of [0, ${n}]`);
      sum += k;
      sumSq += k * k;
    }
    const mean = sum / draws;
    const variance = sumSq / draws - mean * mean;
    const trueVar = n * p * (1 - p);
    // The sample mean is within 5 standard errors; the variance within 15% (4000 draws).
    assert.ok(Math.abs(mean - n * p) < 5 * Math.sqrt(trueVar / draws), `n=${n} p=${p}: mean ${mean}`);
    assert.ok(Math.abs(variance / trueVar - 1) < 0.15, `n=${n} p=${p}: variance ${variance} vs ${trueVar}`);
  }
});

test('checkpoints: log-spaced by default, increasing, ending at the last step', () => {
  const log = checkpointSteps(1_000_000, 7, 'log');
  assert.deepEqual(log, [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]);
  assert.deepEqual(checkpointSteps(100, 4, 'linear'), [25, 50, 75, 100]);
  assert.deepEqual(checkpointSteps(3, 100, 'log'), [1, 2, 3]);
});

test('reproducible by seed, different for another seed, for both methods', () => {
  for (const method of ['per-example', 'multinomial'] as const) {
    const o = { steps: 2000, batchSize: 32, seed: 42, points: 20, method, epochThreshold: 3 };
    assert.deepEqual(simulate(mix, o), simulate(mix, o));
    assert.notEqual(simulate(mix, o).tasks[1].crossing_step, null);
    assert.notDeepEqual(simulate(mix, o).tasks[0].counts, simulate(mix, { ...o, seed: 43 }).tasks[0].counts);
  }
});

test('empirical frequencies converge to the rates (both methods), zero-rate tasks never drawn', () => {
  for (const [method, steps] of [['per-example', 4000], ['multinomial', 100_000]] as const) {
    const sim = simulate(mix, { steps, batchSize: 64, seed: 9, method });
    const total = steps * 64;
    const last = sim.checkpoints.length - 1;
    assert.equal(sim.checkpoints[last], steps);
    assert.equal(sim.tasks.reduce((s, t) => s + t.counts[last], 0), total, 'every example goes to one task');
    for (const t of sim.tasks) {
      const freq = t.counts[last] / total;
      const se = Math.sqrt((t.rate * (1 - t.rate)) / total);
      assert.ok(Math.abs(freq - t.rate) <= 5 * se + 1e-12, `${method} ${t.name}: ${freq} vs ${t.rate}`);
    }
    assert.equal(sim.tasks[4].counts[last], 0);
    assert.equal(sim.tasks[4].crossing_step, null);
  }
});

test('crossing steps agree between the two methods (multinomial runs do not blur them)', () => {
  // Task a: p = 0.3, 500 examples, batch 16: about 4.8 draws a step, 1 epoch near step 500 / 4.8 = 104.
  // The crossing step's sd is about sqrt(16 * 104 * 0.21) / 4.8 = 3.9 steps, so the mean over 300 seeds
  // has a standard error near 0.23; the two means must agree within ~7 of those.
  const r = ratesOf([['a', 500, 0.3], ['b', 100_000, 0.7]]);
  const meanCrossing = (method: 'per-example' | 'multinomial'): number => {
    let sum = 0;
    for (let seed = 0; seed < 300; seed++) {
      const sim = simulate(r, { steps: 400, batchSize: 16, seed, method, points: 10 });
      const t = sim.tasks[0];
      sim.checkpoints.forEach((step, j) => assert.equal(t.counts[j] >= 500, step >= t.crossing_step!, `seed ${seed} step ${step}`));
      sum += t.crossing_step!;
    }
    return sum / 300;
  };
  const exact = meanCrossing('per-example');
  const runs = meanCrossing('multinomial');
  assert.ok(Math.abs(exact - runs) < 1.6, `${exact} vs ${runs}`);
  assert.ok(Math.abs(exact - 104.7) < 1.5, `${exact} near 500 / 4.8 + 1/2`);
});

test('auto picks per-example for small runs and per-batch for large ones', () => {
  assert.equal(simulate(mix, { steps: 100, batchSize: 8, seed: 1 }).method, 'per-example');
  assert.equal(simulate(mix, { steps: 100_000, batchSize: 128, seed: 1, points: 5 }).method, 'multinomial');
  // A million steps: every example is still accounted for, and each task's count tracks its rate.
  const big = simulate(mix, { steps: 1_000_000, batchSize: 2048, seed: 2 });
  const last = big.checkpoints.length - 1;
  assert.equal(big.tasks.reduce((s, t) => s + t.counts[last], 0), 2048e6);
  for (const t of big.tasks) assert.ok(Math.abs(t.counts[last] / 2048e6 - t.rate) < 1e-3);
  assert.equal(big.tasks[3].crossing_step !== null && big.tasks[3].crossing_step < 10, true, 'd (7 examples, p 0.05) crosses within 10 steps');
});

test('epochs and the crossing step, on a single task where every draw is known', () => {
  // One task, rate 1: after step s it has 128 s draws; 1000 examples cross 1 epoch at ceil(1000 / 128) = 8.
  const sim = simulate(ratesOf([['only', 1000, 1], ['empty', 0, 0]]), { steps: 20, batchSize: 128, seed: 3, spacing: 'linear', points: 4 });
  assert.deepEqual(sim.checkpoints, [5, 10, 15, 20]);
  assert.deepEqual(sim.tasks[0].counts, [640, 1280, 1920, 2560]);
  assert.deepEqual(sim.tasks[0].epochs, [0.64, 1.28, 1.92, 2.56]);
  assert.equal(sim.tasks[0].crossing_step, 8);
  assert.deepEqual(sim.tasks[1].epochs, [null, null, null, null]);
  const two = simulate(ratesOf([['only', 1000, 1]]), { steps: 20, batchSize: 128, seed: 3, epochThreshold: 2 });
  assert.equal(two.tasks[0].crossing_step, 16);
});

test('bad options give a clear error, not a throw', () => {
  for (const [o, re] of [
    [{ steps: 0, batchSize: 1, seed: 1 }, /steps/],
    [{ steps: 1.5, batchSize: 1, seed: 1 }, /steps/],
    [{ steps: 1, batchSize: -2, seed: 1 }, /batch size/],
    [{ steps: 1, batchSize: 1, seed: NaN }, /seed/],
    [{ steps: 1, batchSize: 1, seed: 1, epochThreshold: 0 }, /threshold/],
  ] as [SamplingOptions, RegExp][]) {
    const out = simulateSampling(mix, o);
    assert.ok(!out.ok && re.test(out.error), JSON.stringify(o));
  }
  const none = simulateSampling(ratesOf([['a', 1, 0]]), { steps: 1, batchSize: 1, seed: 1 });
  assert.ok(!none.ok && /positive rate/.test(none.error));
});

test('CSV is long format with quoted names; JSON round-trips', () => {
  const sim = simulate(ratesOf([['a,"b"', 10, 0.5], ['c', 0, 0.5]]), { steps: 2, batchSize: 4, seed: 5, spacing: 'linear', points: 2 });
  const lines = samplingToCsv(sim).trimEnd().split('\n');
  assert.equal(lines[0], 'step,task,count,epochs');
  assert.equal(lines.length, 1 + 2 * 2);
  assert.match(lines[1], /^1,"a,""b""",\d+,[\d.]+$/);
  assert.match(lines[2], /^1,c,\d+,$/, 'epochs empty where examples = 0');
  assert.deepEqual(JSON.parse(samplingToJson(sim)), JSON.parse(JSON.stringify(sim)));
});
