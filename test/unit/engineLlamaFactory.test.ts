// `taskmix import --from llamafactory`: LLaMA-Factory training configs and their dataset_info.json
// (hiyouga/LLaMA-Factory ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30). data/data_utils.py merge_dataset: concat is
// datasets.concatenate_datasets (each example once: shares in proportion to the datasets' lengths, each truncated to
// max_samples by data/loader.py); interleave_* is interleave_datasets with interleave_probs. The expected shares of
// the real examples were computed with Python from the lengths of LLaMA-Factory's own data files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineFileError, importEngineFile, readLlamaFactoryConfig } from '../../server/src/core/engines';
import { assertProbabilities, copyFixtures, importAndRate } from './helpers/engineImport';

test('examples/extras/loraplus/llama3_lora_sft.yaml: identity (91) and alpaca_en_demo (999) concatenated, max_samples 1000', async () => {
  const root = copyFixtures('llamafactory');
  const yaml = join(root, 'examples/extras/loraplus/llama3_lora_sft.yaml');
  // Written where LLaMA-Factory runs (the folder that holds data/), so that the data paths resolve and are counted.
  const { rates, analysis } = await importAndRate({ path: yaml, text: readFileSync(yaml, 'utf8') }, {}, root);
  assertProbabilities(rates, { identity: 0.0834862385321101, alpaca_en_demo: 0.9165137614678899 });
  assert.deepEqual(analysis.rates!.tasks.map((t) => t.examples), [91, 999]);
  assert.equal(analysis.sampling!.cap, 1000);
  // The plain model: the datasets as dataset_info.json defines them, with LLaMA-Factory's alpaca columns.
  const config = readLlamaFactoryConfig({ path: yaml, text: readFileSync(yaml, 'utf8') });
  assert.equal(config.strategy, 'concat');
  assert.equal(config.maxSamples, 1000);
  assert.deepEqual(config.datasets.map((d) => [d.name, d.data, d.fields]), [
    ['identity', 'data/identity.json', { input: 'instruction', target: 'output' }],
    ['alpaca_en_demo', 'data/alpaca_en_demo.json', { input: 'instruction', target: 'output' }],
  ]);
});

test('interleave_probs are the probabilities; the dataset_info.json beside the config is found', async () => {
  const dir = copyFixtures('llamafactory/data');
  const text = 'dataset: identity,alpaca_en_demo\ndataset_dir: .\nmix_strategy: interleave_over\ninterleave_probs: 0.25,0.75\n';
  const { rates, text: written, analysis } = await importAndRate({ path: join(dir, 'train.yaml'), text }, {}, dir);
  assertProbabilities(rates, { identity: 0.25, alpaca_en_demo: 0.75 });
  assert.match(written, /stopping_strategy="all_exhausted"/);
  assert.deepEqual(analysis.rates!.tasks.map((t) => t.data), ['identity.json', 'alpaca_en_demo.json']);
});

test('bad configs: a dataset missing from dataset_info.json, probabilities for concat, a count mismatch, no dataset_info.json', async () => {
  const dir = copyFixtures('llamafactory/data');
  const cases: [string, string, RegExp][] = [
    ['dataset: identity,alpaca_fr_demo\ndataset_dir: .\n', 'alpaca_fr_demo', /"alpaca_fr_demo" is not defined in .*dataset_info\.json/],
    ['dataset: identity\ndataset_dir: .\ninterleave_probs: 1.0\n', '1.0', /only valid for interleaved mixing/],
    ['dataset: identity,alpaca_en_demo\ndataset_dir: .\nmix_strategy: interleave_under\ninterleave_probs: 0.5,0.3,0.2\n', '0.5,0.3,0.2', /3 interleave_probs for 2 datasets/],
    ['dataset: identity,alpaca_en_demo\ndataset_dir: .\nmix_strategy: interleave_under\ninterleave_probs: 0.5,half\n', 'half', /"half" is not a number/],
    ['dataset: identity\ndataset_dir: nowhere\n', 'nowhere', /dataset_info\.json not found in dataset_dir "nowhere"/],
  ];
  for (const [text, token, message] of cases) {
    await assert.rejects(importEngineFile({ path: join(dir, 'train.yaml'), text }, { from: 'llamafactory' }), (e: unknown) => {
      assert.ok(e instanceof EngineFileError, String(e));
      assert.match(e.message, message);
      assert.equal(text.slice(e.range[0], e.range[1]), token);
      return true;
    });
  }
  // A truncated dataset_info.json is located in that file.
  await assert.rejects(
    importEngineFile({ path: join(dir, 'train.yaml'), text: 'dataset: identity\n' }, { from: 'llamafactory', datasetInfo: { path: join(dir, 'dataset_info.json'), text: '{"identity": {"file_name": "identity.json"' } }),
    (e: unknown) => e instanceof EngineFileError && e.file === join(dir, 'dataset_info.json') && /not valid JSON/.test(e.message),
  );
});
