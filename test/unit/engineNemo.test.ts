// `taskmix import --from nemo`: model.data.data_prefix of NeMo training configs. NeMo hands it to Megatron's
// get_blend_from_list (nemo/collections/nlp/models/language_modeling/megatron_gpt_model.py, NVIDIA/NeMo
// 8cfedd7203462cb251a914e700e5605444277561), so the expected probabilities are Megatron's normalize() of the list
// as yaml.safe_load reads it, run with Python on NeMo-Framework-Launcher 26e42fa91d9e608897ce485b4911c263a4b57008.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineFileError, importEngineFile, readNemoBlends } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, importAndRate } from './helpers/engineImport';

/** 29 weights of .0333 and one of .0334 (the launcher's 30 shards), as normalize() gives them. */
function launcherShares(stem: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < 30; i++) out[`${stem}_${String(i).padStart(2, '0')}`] = i === 29 ? 0.03343008707837053 : 0.033329996997297565;
  return out;
}

test('NeMo-Framework-Launcher conf/training/gpt3/5b.yaml: 30 shards, ${data_dir} kept as written', async () => {
  const { rates, analysis, result } = await importAndRate(engineFixture('nemo/launcher_gpt3_5b.yaml'));
  assertProbabilities(rates, launcherShares('my-gpt3'));
  assert.equal(analysis.rates!.tasks[0]!.data, '${data_dir}/my-gpt3_00_text_document');
  assert.ok(result.notes.some((n) => /interpolations/.test(n.message)));
});

test('NeMo-Framework-Launcher conf/training/llama/llama3_8b.yaml', async () => {
  const { rates } = await importAndRate(engineFixture('nemo/launcher_llama3_8b.yaml'));
  assertProbabilities(rates, launcherShares('my-llama'));
});

test('NeMo examples/nlp/language_modeling/conf/megatron_gpt_config.yaml: data_prefix ??? is located', async () => {
  const file = engineFixture('nemo/megatron_gpt_config.yaml');
  await assert.rejects(importEngineFile(file), (e: unknown) => {
    assert.ok(e instanceof EngineFileError);
    assert.equal(file.text.slice(e.range[0], e.range[1]), '???');
    assert.match(e.message, /data_prefix is \?\?\?/);
    return true;
  });
});

test('a {train, validation, test} mapping: train is the mixture; the plain model has the other splits', async () => {
  const text = 'model:\n  data:\n    data_prefix:\n      train: [1.0, /d/a, 3.0, /d/b]\n      validation: [/d/v]\n      test: [/d/t]\n';
  const blends = readNemoBlends({ path: 'c.yaml', text });
  assert.deepEqual(blends.others, ['validation: /d/v', 'test: /d/t']);
  const { rates, text: written } = await importAndRate({ path: 'c.yaml', text });
  assertProbabilities(rates, { a: 0.25, b: 0.75 });
  assert.match(written, /#\s+validation: \/d\/v/);
});

test('bad configs: a misspelt split, a weight without a path, a non-numeric weight, no data_prefix', async () => {
  const cases: [string, string, RegExp][] = [
    ['model:\n  data:\n    data_prefix:\n      train: [1, /d/a]\n      valid: [/d/v]\n', 'valid', /did you mean "validation"/],
    ['model:\n  data:\n    data_prefix: [0.5, /d/a, 0.5]\n', '0.5', /has no path after it/],
    ['model:\n  data:\n    data_prefix: [0.5, /d/a, much, /d/b]\n', 'much', /non-numeric weight/],
    ['model:\n  data:\n    seq_length: 2048\n', '', /no model\.data\.data_prefix/],
  ];
  for (const [text, token, message] of cases) {
    await assert.rejects(importEngineFile({ path: 'c.yaml', text }, { from: 'nemo' }), (e: unknown) => {
      assert.ok(e instanceof EngineFileError, String(e));
      assert.match(e.message, message);
      const at = text.slice(e.range[0], e.range[1]);
      assert.ok(token === '' ? e.range[0] === 0 : at === token || text.lastIndexOf(token) === e.range[0], `${at} vs ${token}`);
      return true;
    });
  }
});
