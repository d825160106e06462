// Each engine's draws against figures computed with the engine's own code outside this repo (python3 + numpy 2.4):
// - Megatron-LM d98e8a64ddf34856e74b24714e3bedb2f5a39553, megatron/core/datasets/helpers.cpp `build_blending_indices`
//   (run as a Python transcription of its loop) after utils.py `normalize`;
// - huggingface/datasets b7cb10b0e38ab8bbefdb142d0279bc85ac8c7ab8, src/datasets/arrow_dataset.py
//   `_interleave_map_style_datasets` (its index loop, run with numpy's own default_rng);
// - mosaicml/streaming 89e7bb9082457a59f6efcfa4ef910102e07a9729, streaming/base/stream.py `Stream.apply_weights`
//   (relative branch, run with numpy; shuffle_seed 9176 is streaming/base/dataset.py's default);
// - allenai/OLMo-core fa6c5014c9f6e9ee789da2d9c20d5126fee8df0d, src/olmo_core/data/source_mixture.py
//   `SourceMixtureDatasetConfig.build` (needed = int(requested * ratio), max = int(available * repetition)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NumpyGenerator,
  choiceCdf,
  expectedInterleave,
  interleaveDraws,
  megatronBlendCounts,
  mosaicEpoch,
  normalizeWeights,
  olmoSourceMixture,
  simulateEngine,
  sumsToOne,
  type EngineSource,
} from '../../server/src/core/engines/simulate';

test('numpy default_rng: the same uniforms, weighted choices and sets as numpy 2.4', () => {
  // python3: g = np.random.default_rng(42); g.random() x3
  const g = new NumpyGenerator(42);
  assert.deepEqual([g.random(), g.random(), g.random()], [0.7739560485559633, 0.4388784397520523, 0.8585979199113825]);
  // np.random.default_rng(7).choice(3, size=10, p=[0.2, 0.5, 0.3])
  const c = new NumpyGenerator(7);
  const cdf = choiceCdf([0.2, 0.5, 0.3]);
  assert.deepEqual(Array.from({ length: 10 }, () => c.choiceWeighted(cdf)), [1, 2, 2, 1, 1, 2, 0, 2, 2, 1]);
  // sorted(np.random.default_rng(9176).choice(5, 3, False))
  assert.deepEqual(new NumpyGenerator(9176).choiceWithoutReplacement(5, 3).sort(), [2, 3, 4]);
  // A seed over 32 bits takes two words: np.random.default_rng(2**40 + 5).random()
  assert.equal(new NumpyGenerator(2 ** 40 + 5).random(), 0.004739459374490829);
});

test('Megatron: build_blending_indices counts, first index on ties, tiny weights', () => {
  assert.deepEqual(megatronBlendCounts(normalizeWeights([0.5, 0.3, 0.2]), 1000), [500, 300, 200]);
  assert.deepEqual(megatronBlendCounts(normalizeWeights([3, 1, 1]), 17), [10, 4, 3]);
  assert.deepEqual(megatronBlendCounts(normalizeWeights([0.7, 0.2999, 0.0001]), 5000), [3500, 1499, 1]);
  assert.deepEqual(megatronBlendCounts(normalizeWeights([0.7, 0.2999, 0.0001]), 9000), [6300, 2699, 1]);
  // A source the index never reaches, then does once the run is longer.
  assert.deepEqual(megatronBlendCounts(normalizeWeights([1015, 5792, 3193, 1]), 200), [20, 116, 64, 0]);
  assert.deepEqual(megatronBlendCounts(normalizeWeights([1015, 5792, 3193, 1]), 500), [51, 289, 159, 1]);
  assert.deepEqual(megatronBlendCounts(normalizeWeights([3626, 2317, 1641, 2414, 1]), 500), [181, 116, 82, 121, 0]);
});

test('hf: interleave_datasets draws for a seed, both stopping strategies', () => {
  const lengths = [100, 50, 20];
  const p = [0.5, 0.3, 0.2];
  assert.deepEqual(interleaveDraws(lengths, p, 0, 'first_exhausted', 1e6), { drawn: [42, 29, 20], length: 91, endedBy: 2 });
  assert.deepEqual(interleaveDraws(lengths, p, 0, 'all_exhausted', 1e6), { drawn: [100, 63, 59], length: 222, endedBy: 0 });
  assert.deepEqual(interleaveDraws(lengths, p, 42, 'first_exhausted', 1e6), { drawn: [72, 45, 20], length: 137, endedBy: 2 });
  assert.deepEqual(interleaveDraws(lengths, p, 42, 'all_exhausted', 1e6), { drawn: [100, 60, 33], length: 193, endedBy: 0 });
  // Past the first block of 1000 draws, the stream continues where numpy's next block does.
  assert.deepEqual(interleaveDraws([3000, 2500, 1200], [0.6, 0.3, 0.1], 0, 'all_exhausted', 1e6)?.drawn, [7338, 3658, 1200]);
  // Over the draw limit, or never ending: no seeded answer.
  assert.equal(interleaveDraws(lengths, p, 0, 'all_exhausted', 100), null);
  assert.equal(interleaveDraws(lengths, [0.5, 0.5, 0], 0, 'all_exhausted', 1e6), null);
  // Expectations: first_exhausted ends near min n/p, all_exhausted near max n/p.
  assert.deepEqual(expectedInterleave(lengths, p, 'first_exhausted')?.length, 100);
  assert.deepEqual(expectedInterleave(lengths, p, 'all_exhausted')?.length, 200);
});

test('MosaicML: Stream.apply_weights samples per stream per epoch', () => {
  assert.deepEqual(mosaicEpoch([{ proportion: 0.5 }, { proportion: 0.3 }, { proportion: 0.2 }], [1000, 500, 200], 1001), { choose: [500, 300, 201], epochSize: 1001, epochSizeGiven: true });
  // Without epoch_size, an epoch is all samples of all streams, whatever the proportions.
  assert.deepEqual(mosaicEpoch([{ proportion: 1 }, { proportion: 1 }, { proportion: 1 }], [10, 20, 30], undefined), { choose: [20, 20, 20], epochSize: 60, epochSizeGiven: false });
  assert.deepEqual(mosaicEpoch([0.1, 0.2, 0.3, 0.4, 0.05].map((proportion) => ({ proportion })), [7, 7, 7, 7, 7], 103, 5).choose, [10, 19, 30, 40, 4]);
  // Absolute weights: repeat x samples, choose, or all samples.
  assert.deepEqual(mosaicEpoch([{ repeat: 2.5 }, { choose: 7 }, {}], [10, 20, 30], undefined), { choose: [25, 7, 30], epochSize: 62, epochSizeGiven: false });
  assert.throws(() => mosaicEpoch([{ repeat: 2 }], [10], 5), /epoch_size/);
});

test('OLMo-core: tokens needed against tokens available times the repetition factor', () => {
  const out = olmoSourceMixture([{ available: 1000, targetRatio: 0.7 }, { available: 200, targetRatio: 0.3 }, { available: 200, targetRatio: 0.3, repetitionFactor: 2 }], 1000);
  assert.deepEqual(out, [
    { needed: 700, max: 1000, insufficient: false },
    { needed: 300, max: 200, insufficient: true },
    { needed: 300, max: 400, insufficient: false },
  ]);
  assert.ok(sumsToOne([0.7, 0.3]));
  assert.ok(sumsToOne([0.1, 0.2, 0.7 + 5e-6]));
  assert.ok(!sumsToOne([0.7, 0.4]));
});

const SOURCES: EngineSource[] = [
  { name: 'a', data: 'a.jsonl', weight: 0.5, examples: 100 },
  { name: 'b', weight: 0.3, examples: 50 },
  { name: 'c', weight: 0.2, examples: 20 },
];

test('simulateEngine: each engine fills drawn and epochs, with notes saying what applies', () => {
  const meg = simulateEngine('megatron', SOURCES, { samples: 1000 });
  assert.deepEqual(meg.tasks.map((t) => t.drawn), [500, 300, 200]);
  assert.deepEqual(meg.tasks.map((t) => t.epochs), [5, 6, 10]);
  assert.equal(meg.tasks[0]!.data, 'a.jsonl');
  assert.equal(meg.tasks[1]!.data, null);
  // NeMo builds its blend with Megatron-core: the same counts.
  assert.deepEqual(simulateEngine('nemo', SOURCES, { samples: 1000 }).tasks.map((t) => t.drawn), [500, 300, 200]);

  const hf = simulateEngine('hf', SOURCES, { samples: 500, seed: 0 });
  assert.deepEqual(hf.tasks.map((t) => t.drawn), [42, 29, 20]);
  assert.equal(hf.runLength, 91);
  assert.ok(hf.notes.some((n) => n.includes('when c runs out, after 91 examples')), hf.notes.join('\n'));
  assert.ok(hf.notes.some((n) => n.includes('409 (81.8%) short')), hf.notes.join('\n'));
  const all = simulateEngine('hf', SOURCES, { samples: 500, seed: 0, stoppingStrategy: 'all_exhausted' });
  assert.deepEqual(all.tasks.map((t) => t.epochs), [1, 63 / 50, 59 / 20]);
  // Over the draw limit the expectation stands in, and says so.
  const big = simulateEngine('hf', SOURCES, { samples: null, maxDraws: 10 });
  assert.deepEqual(big.tasks.map((t) => t.drawn), [50, 30, 20]);
  assert.ok(big.notes.some((n) => n.includes('expected counts')));
  assert.match(simulateEngine('llamafactory', SOURCES, { samples: null }).notes[0]!, /interleave_under/);

  const mosaic = simulateEngine('mosaic', SOURCES, { samples: 1001 });
  assert.deepEqual(mosaic.tasks.map((t) => t.drawn), [500, 300, 201]);
  assert.match(simulateEngine('mosaic', SOURCES, { samples: null }).notes[0]!, /No epoch_size: .* 170 samples/);

  const olmo = simulateEngine('olmo', SOURCES.map((s, i) => ({ ...s, tokens: [1000, 300, 100][i]! })), { samples: 1000 });
  assert.deepEqual(olmo.tasks.map((t) => t.drawn), [500, 300, 200]);
  assert.deepEqual(olmo.tasks.map((t) => t.epochs), [0.5, 1, 2]);
  assert.ok(olmo.notes.some((n) => n.startsWith('c needs 200 but has 100')), olmo.notes.join('\n'));
  const olmo2 = simulateEngine('olmo', SOURCES.map((s, i) => ({ ...s, tokens: [1000, 300, 100][i]! })), { samples: 1000, repetitionFactor: 2 });
  assert.ok(!olmo2.notes.some((n) => n.includes('refuses')));

  const seqio = simulateEngine('seqio', SOURCES, { samples: 1000 });
  assert.deepEqual(seqio.tasks.map((t) => t.drawn), [500, 300, 200]);
  assert.match(seqio.notes[0]!, /expectations/);
});

test('simulateEngine: zero weights and unknown sizes are said, not hidden', () => {
  const zero = simulateEngine('megatron', [...SOURCES, { name: 'z', weight: 0, examples: 10 }], { samples: 1000 });
  assert.equal(zero.tasks[3]!.drawn, 0);
  assert.match(zero.notes[0]!, /asserts every weight > 0.*z/);
  const never = simulateEngine('hf', [...SOURCES, { name: 'z', weight: 0, examples: 10 }], { samples: null, stoppingStrategy: 'all_exhausted' });
  assert.ok(never.notes.some((n) => n.includes('never stops: z')), never.notes.join('\n'));
  const unknown = simulateEngine('hf', [{ name: 'u', weight: 1, examples: NaN }], { samples: 10 });
  assert.equal(unknown.tasks[0]!.drawn, null);
});
