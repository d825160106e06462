// Properties of the rates engine over generated mixtures (fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeBalance, computeRates, type RateEntry, type RateMixtureNode, type RatesResult, type StrategyConfig } from '../../server/src/core/rates';

const examples = fc.integer({ min: 1, max: 5_000_000 });
const sizes = fc.array(examples, { minLength: 1, maxLength: 12 });
const strategy: fc.Arbitrary<StrategyConfig> = fc.oneof(
  fc.constant<StrategyConfig>({ strategy: 'uniform' }),
  fc.record({ strategy: fc.constant('proportional' as const), cap: fc.option(fc.integer({ min: 1, max: 3_000_000 }), { nil: undefined }) }),
  fc.record({
    strategy: fc.constant('temperature' as const),
    temperature: fc.double({ min: 0.25, max: 50, noNaN: true }),
    cap: fc.option(fc.integer({ min: 1, max: 3_000_000 }), { nil: undefined }),
  }),
  fc.constant<StrategyConfig>({ strategy: 'sqrt' }),
  fc.record({ strategy: fc.constant('unimax' as const), maxEpochs: fc.integer({ min: 1, max: 20 }) }),
);
const flat = (sampling: StrategyConfig, ns: number[]): RateMixtureNode => ({
  kind: 'mixture',
  name: 'm',
  sampling,
  entries: ns.map((n, i): RateEntry => ({ kind: 'task', name: `t${i}`, prefix: `t${i}:`, examples: n })),
});
const budget = fc.integer({ min: 1, max: 1e9 });

function ok(root: RateMixtureNode, S: number | null): RatesResult {
  const o = computeRates(root, { examplesDrawn: S });
  if (!o.ok) throw new Error(JSON.stringify(o.errors));
  return o.result;
}

test('rates sum to 1 and lie in [0, 1], nested mixtures included', () => {
  fc.assert(
    fc.property(strategy, sizes, strategy, sizes, budget, (outer, ns, inner, ms, S) => {
      const sub: RateMixtureNode = { ...flat(inner, ms), name: 'sub', entries: flat(inner, ms).entries.map((e) => ({ ...e, name: `s${e.name}` })) };
      const root = flat(outer, ns);
      root.entries.push(sub);
      const r = ok(root, S);
      const total = r.tasks.reduce((s, t) => s + t.rate, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, `sum ${total}`);
      for (const t of r.tasks) assert.ok(t.rate >= 0 && t.rate <= 1 + 1e-12);
      assert.doesNotMatch(JSON.stringify(r), /NaN|Infinity/);
    }),
    { numRuns: 300 },
  );
});

test('rates do not depend on task order', () => {
  fc.assert(
    fc.property(strategy, sizes, budget, fc.integer(), (s, ns, S, seed) => {
      const root = flat(s, ns);
      const shuffled = { ...root, entries: fc.sample(fc.shuffledSubarray(root.entries, { minLength: root.entries.length }), { numRuns: 1, seed })[0] };
      const a = new Map(ok(root, S).tasks.map((t) => [t.name, t.rate]));
      for (const t of ok(shuffled, S).tasks) assert.ok(Math.abs(t.rate - a.get(t.name)!) < 1e-12, t.name);
    }),
    { numRuns: 300 },
  );
});

test("a task's rate grows (weakly) with its examples", () => {
  fc.assert(
    fc.property(strategy, sizes, fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), budget, (s, ns, pick, extra, S) => {
      const i = pick % ns.length;
      const before = ok(flat(s, ns), S).tasks[i].rate;
      const more = [...ns];
      more[i] += extra;
      const after = ok(flat(s, more), S).tasks[i].rate;
      assert.ok(after >= before - 1e-12, `${before} -> ${after}`);
    }),
    { numRuns: 300 },
  );
});

test('rates approach uniform as T grows (normalized entropy never falls)', () => {
  fc.assert(
    fc.property(fc.array(examples, { minLength: 2, maxLength: 12 }), (ns) => {
      let last = -Infinity;
      for (const t of [1, 1.5, 2, 4, 8, 16, 64, 256]) {
        const h = ok(flat({ strategy: 'temperature', temperature: t }, ns), null).balance.normalized_entropy;
        assert.ok(h >= last - 1e-12, `T=${t}: ${h} < ${last}`);
        last = h;
      }
      const far = ok(flat({ strategy: 'temperature', temperature: 1e7 }, ns), null);
      for (const task of far.tasks) assert.ok(Math.abs(task.rate - 1 / ns.length) < 1e-5);
    }),
    { numRuns: 200 },
  );
});

test('balance figures are never NaN and stay in range', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.nat(1e6)), { minLength: 1, maxLength: 30 }), (pairs) => {
      const p = pairs.map(([x]) => x);
      const b = computeBalance(p, pairs.map(([, n]) => n));
      for (const [k, v] of Object.entries(b)) assert.ok(v === null || Number.isFinite(v), `${k} = ${v}`);
      assert.ok(b.normalized_entropy >= 0 && b.normalized_entropy <= 1);
      assert.ok(b.gini >= 0 && b.gini <= 1);
      assert.ok(b.kl_uniform >= 0);
    }),
  );
});
