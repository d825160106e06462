// `taskmix import --from megatron-json`: Megatron-LM's --per-split-data-args-path file, read as
// megatron/training/utils/common_utils.py get_blend_and_blend_per_split reads it (a string is split on white space,
// then get_blend_from_list; all three keys are read) at NVIDIA/Megatron-LM d98e8a64ddf34856e74b24714e3bedb2f5a39553.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineFileError, importEngineFile, readMegatronJsonBlends } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, importAndRate } from './helpers/engineImport';

async function failure(text: string): Promise<{ error: EngineFileError; token: string }> {
  try {
    await importEngineFile({ path: 'blend.json', text }, { from: 'megatron-json' });
  } catch (e) {
    assert.ok(e instanceof EngineFileError, String(e));
    return { error: e, token: text.slice(e.range[0], e.range[1]) };
  }
  assert.fail('the import did not fail');
}

test('the train blend is the mixture (30 and 70 normalized to 0.3 and 0.7); valid and test stay in comments', async () => {
  const { rates, text, result } = await importAndRate(engineFixture('megatron-json/per_split_blend.json'));
  assert.equal(result.format, 'megatron-json');
  assertProbabilities(rates, { 'my-gpt3_00': 0.3, 'my-gpt3_01': 0.7 });
  assert.match(text, /# +valid: 1 \/data\/text\/common_pile\/my-gpt3_valid_text_document/);
});

test('one prefix without a weight is the whole blend; the plain model says it is unweighted', async () => {
  const file = engineFixture('megatron-json/per_split_unweighted.json');
  assert.equal(readMegatronJsonBlends(file).train.weighted, false);
  const { rates } = await importAndRate(file);
  assertProbabilities(rates, { 'my-gpt3_00': 1 });
});

test('the format is detected from the keys', async () => {
  const result = await importEngineFile(engineFixture('megatron-json/per_split_blend.json'));
  assert.equal(result.format, 'megatron-json');
});

test('bad files: truncated JSON, a missing or misspelt split, a null train, a weight without a path', async () => {
  const truncated = await failure('{"train": [0.5, "/d/a", 0.5, "/d/b"');
  assert.match(truncated.error.message, /not valid JSON/);
  assert.equal(truncated.error.range[0], '{"train": [0.5, "/d/a", 0.5, "/d/b"'.length);
  const misspelt = await failure('{"train": [1, "/d/a"], "validation": null, "test": null}');
  assert.match(misspelt.error.message, /unknown key "validation"/);
  assert.equal(misspelt.token, '"validation"');
  const missing = await failure('{"train": [1, "/d/a"], "valid": null}');
  assert.match(missing.error.message, /no "test" key/);
  const nullTrain = await failure('{"train": null, "valid": null, "test": null}');
  assert.match(nullTrain.error.message, /no training blend/);
  const lonely = await failure('{"train": [0.5, "/d/a", 0.5], "valid": null, "test": null}');
  assert.match(lonely.error.message, /weight 0\.5 has no path/);
  assert.equal(lonely.token, '0.5');
  const negative = await failure('{"train": "0.5 /d/a -0.5 /d/b", "valid": null, "test": null}');
  assert.equal(negative.token, '-0.5');
  // Keys that start with `_` are comments: Megatron never reads them.
  const commented = await importEngineFile({ path: 'c.json', text: '{"_note": "x", "train": [1, "/d/a"], "valid": null, "test": null}' }, { from: 'megatron-json' });
  assert.equal(commented.mixture.entries.length, 1);
});
