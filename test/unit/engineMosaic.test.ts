// `taskmix import --from mosaic`: llm-foundry / MosaicML streaming `streams:` with their weights, as
// streaming/base/stream.py Stream.apply_weights (mosaicml/streaming 89e7bb9082457a59f6efcfa4ef910102e07a9729) turns
// them into samples per stream: proportions are normalized; repeat and choose are absolute; none, with epoch_size,
// in proportion to each stream's samples; mixing relative and absolute weights is a ValueError there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineFileError, importEngineFile, readMosaicStreams } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, importAndRate } from './helpers/engineImport';

test('llm-foundry scripts/train/yamls/finetune/gpt2-arc-easy-cpu-streaming-dataset.yaml: one stream, all of it', async () => {
  const { rates, text } = await importAndRate(engineFixture('mosaic/gpt2-arc-easy-cpu-streaming-dataset.yaml'));
  assertProbabilities(rates, { my_data: 1 });
  assert.match(text, /my_data: remote \$\{variables\.data_remote\}, local \$\{variables\.data_local\}/);
});

test("proportions: streaming's docs example (A 0.25, B 0.75) with an epoch size, kept in a comment", async () => {
  const text = 'train_loader:\n  dataset:\n    epoch_size: 400\n    streams:\n      A: {remote: s3://b/a, proportion: 0.25}\n      B: {remote: s3://b/b, proportion: 0.75}\n';
  const { rates, text: written } = await importAndRate({ path: 'ab.yaml', text });
  assertProbabilities(rates, { A: 0.25, B: 0.75 });
  assert.match(written, /epoch_size: 400 samples per epoch/);
  assert.equal(readMosaicStreams({ path: 'ab.yaml', text }).epochSize, 400);
});

test('absolute weights: choose counts are the shares; repeat becomes the scale of proportional rates', async () => {
  const choose = await importAndRate({ path: 'c.yaml', text: 'dataset:\n  streams:\n    a: {local: /d/a, choose: 100}\n    b: {local: /d/b, choose: 300}\n' });
  assertProbabilities(choose.rates, { a: 0.25, b: 0.75 });
  const repeat = await importEngineFile({ path: 'r.yaml', text: 'streams:\n  a: {local: /d/a, repeat: 2}\n  b: {local: /d/b}\n' }, { from: 'mosaic' });
  assert.equal(repeat.mixture.sampling.strategy, 'proportional');
  assert.deepEqual(repeat.mixture.entries.map((e) => (e.kind === 'task' ? e.scale : undefined)), [2, undefined]);
  assert.ok(repeat.notes.some((n) => /sample counts/.test(n.message)));
  const epochK = readMosaicStreams({ path: 'e.yaml', text: 'dataset:\n  epoch_size: 2.5k\n  streams:\n    a: {local: /d/a}\n' });
  assert.equal(epochK.epochSize, 2500);
});

test('bad streams: relative and absolute weights mixed, a negative proportion, an unknown key, no path', async () => {
  const cases: [string, string, RegExp][] = [
    ['streams:\n  a: {local: /d/a, proportion: 0.5}\n  b: {local: /d/b, repeat: 2}\n', '2', /incompatible/],
    ['streams:\n  a: {local: /d/a, proportion: -0.5}\n', '-0.5', /is negative/],
    ['streams:\n  a: {local: /d/a, proportoin: 0.5}\n', 'proportoin', /did you mean "proportion"/],
    ['streams:\n  a: {proportion: 0.5}\n', '0.5', /weight without a path/],
    ['streams:\n  a: {local: /d/a, proportion: 0.5, choose: 10}\n', '10', /at most one of proportion, repeat and choose/],
    ['dataset:\n  epoch_size: 100\n  streams:\n    a: {local: /d/a, repeat: 2}\n', '100', /epoch_size with repeat or choose/],
  ];
  for (const [text, token, message] of cases) {
    await assert.rejects(importEngineFile({ path: 's.yaml', text }, { from: 'mosaic' }), (e: unknown) => {
      assert.ok(e instanceof EngineFileError, String(e));
      assert.match(e.message, message);
      assert.equal(text.slice(e.range[0], e.range[1]), token);
      return true;
    });
  }
});
