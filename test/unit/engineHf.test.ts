// `taskmix import --from hf`: `datasets.interleave_datasets` read statically with tree-sitter-python. Each dataset is
// drawn with its probability (src/datasets/combine.py and iterable_dataset.py draw the next dataset with numpy's
// Generator.choice(p=probabilities); huggingface/datasets b7cb10b0e38ab8bbefdb142d0279bc85ac8c7ab8); without
// probabilities the datasets alternate, an equal share each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineFileError, importEngineFile, MixtureChoiceNeeded, readHfInterleaves } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, importAndRate } from './helpers/engineImport';

async function failure(text: string): Promise<{ error: EngineFileError; token: string }> {
  try {
    await importEngineFile({ path: 'mix.py', text }, { from: 'hf' });
  } catch (e) {
    assert.ok(e instanceof EngineFileError, String(e));
    return { error: e, token: text.slice(e.range[0], e.range[1]) };
  }
  assert.fail('the import did not fail');
}

test('datasets docs/source/stream.mdx: c4 es and fr, probabilities [0.8, 0.2] (names from the dataset and config)', async () => {
  const { rates, analysis, text } = await importAndRate(engineFixture('hf/datasets_stream_interleave.py'));
  assertProbabilities(rates, { c4_es: 0.8, c4_fr: 0.2 });
  assert.equal(analysis.rates!.tasks[0]!.data, 'allenai/c4');
  assert.match(text, /seed: 42/);
});

test('datasets docs/source/process.mdx: probabilities through a variable, datasets built in memory (names from variables)', async () => {
  const { rates, text } = await importAndRate(engineFixture('hf/datasets_process_interleave.py'));
  assertProbabilities(rates, { d1: 0.3, d2: 0.5, d3: 0.2 });
  assert.match(text, /# d1: Dataset\.from_dict\(\{"a": \[0, 1, 2\]\}\)/);
});

test("LLaMA-Factory's data_utils.py interleaves datasets it receives at run time: a located error", async () => {
  const file = engineFixture('hf/llamafactory_data_utils.py');
  await assert.rejects(importEngineFile(file, { from: 'hf' }), (e: unknown) => {
    assert.ok(e instanceof EngineFileError);
    assert.equal(file.text.slice(e.range[0], e.range[1]), 'all_datasets');
    assert.match(e.message, /not a literal list \(all_datasets is not bound to a list at module level\)/);
    return true;
  });
});

test('without probabilities the datasets alternate (uniform); a one-word comment names a dataset; data_files is the data', async () => {
  const text = [
    'from datasets import interleave_datasets, load_dataset',
    'mixture = interleave_datasets([',
    '    load_dataset("json", data_files="data/cola.train.jsonl", split="train"),  # cola',
    '    load_dataset("csv", data_files=["data/sst2.csv"], split="train"),',
    '], stopping_strategy="all_exhausted")',
  ].join('\n');
  const { rates, analysis, text: written } = await importAndRate({ path: 'mix.py', text });
  assertProbabilities(rates, { cola: 0.5, sst2: 0.5 });
  assert.deepEqual(analysis.rates!.tasks.map((t) => t.data), ['data/cola.train.jsonl', 'data/sst2.csv']);
  assert.match(written, /stopping_strategy: all_exhausted/);
});

test('several interleave_datasets calls: --mixture names one by its variable', async () => {
  const text = 'from datasets import interleave_datasets\na = interleave_datasets([x, y], probabilities=[0.5, 0.5])\nb = interleave_datasets([x, y], probabilities=[0.1, 0.9])\n';
  await assert.rejects(importEngineFile({ path: 'two.py', text }, { from: 'hf' }), (e: unknown) => e instanceof MixtureChoiceNeeded && e.choices.map((c) => c.name).join() === 'a,b');
  const { rates } = await importAndRate({ path: 'two.py', text }, { from: 'hf', mixture: 'b' });
  assertProbabilities(rates, { x: 0.1, y: 0.9 });
  assert.equal((await readHfInterleaves({ path: 'two.py', text })).length, 2);
});

test('bad calls: probabilities that do not sum to 1, a negative or computed probability, a count mismatch, a syntax error', async () => {
  const sum = await failure('interleave_datasets([a, b], probabilities=[0.5, 0.6])\n');
  assert.match(sum.error.message, /sum to 1\.1, not 1/);
  assert.equal(sum.token, '[0.5, 0.6]');
  const negative = await failure('interleave_datasets([a, b], probabilities=[1.5, -0.5])\n');
  assert.equal(negative.token, '-0.5');
  const computed = await failure('interleave_datasets([a, b], probabilities=[p, 1 - p])\n');
  assert.equal(computed.token, 'p');
  const count = await failure('interleave_datasets([a, b, c], probabilities=[0.5, 0.5])\n');
  assert.match(count.error.message, /2 probabilities for 3 datasets/);
  const syntax = await failure('interleave_datasets([a, b], probabilities=[0.5, 0.5]\n');
  assert.match(syntax.error.message, /syntax error/);
  const none = await failure('import datasets\nprint(datasets.__version__)\n');
  assert.match(none.error.message, /no interleave_datasets/);
});
