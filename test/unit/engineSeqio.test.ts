// `taskmix import --from seqio`: MixtureRegistry.add read statically with tree-sitter-python. Expected shares follow
// seqio's Mixture.get_rate (seqio/dataset_providers.py, google/seqio b898b9f992877cea2cda40dbc03597ea5cd4b08f): a
// task's rate over the total, a sub-mixture's rate shared among its tasks by theirs, summed over every path; the
// figures are the ones the engines' own files state (seqio's README, FLAN's comments), recomputed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { MixtureProject } from '../../server/src/core/analyze';
import { EngineFileError, importEngineFile, MixtureChoiceNeeded, readSeqioRegistrations, renderImport } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, importAndRate, tempDir } from './helpers/engineImport';

test('FLAN flan/v2/run_example.py (google-research/FLAN e9e4ec6e): flan2022_submix over five sub-mixtures, flattened', async () => {
  const { rates, text } = await importAndRate(engineFixture('seqio/flan_v2_run_example.py'), { mixture: 'flan2022_submix' });
  // The file's own comments: flan2021 40% (4 templates, 25% each), t0 32% (4), niv2 20% (2), cot 5% (2), dialog 3% (2).
  assertProbabilities(rates, {
    flan_zsopt: 0.1, flan_fsopt: 0.1, flan_zsnoopt: 0.1, flan_fsnoopt: 0.1,
    t0_zsopt: 0.08, t0_fsopt: 0.08, t0_zsnoopt: 0.08, t0_fsnoopt: 0.08,
    niv2_zsopt: 0.1, niv2_fsopt: 0.1,
    cot_zsopt: 0.025, cot_fsopt: 0.025,
    dialog_zsopt: 0.015, dialog_fsopt: 0.015,
  });
  assert.match(text, /# from flan2021_submix \(rate 0\.4\)\n {2}- name: flan_zsopt\n/);
});

test('FLAN run_example.py registers six mixtures: without --mixture they are the choices', async () => {
  await assert.rejects(importEngineFile(engineFixture('seqio/flan_v2_run_example.py')), (e: unknown) => {
    assert.ok(e instanceof MixtureChoiceNeeded);
    assert.deepEqual(e.choices.map((c) => c.name), ['cot_submix', 'dialog_submix', 'niv2_submix', 'flan2021_submix', 't0_submix', 'flan2022_submix']);
    return true;
  });
});

test("seqio's README: mix3 = [mix1, task1, task3] at 1 each gives task1 1/24 + 1/3, task2 7/24, task3 1/3", async () => {
  const file = engineFixture('seqio/seqio_readme_mixtures.py');
  const mix3 = await importAndRate(file, { mixture: 'mix3' });
  assertProbabilities(mix3.rates, { task1: 1 / 24 + 1 / 3, task2: 7 / 24, task3: 1 / 3 });
  assert.match(mix3.text, /# from mix1 \(rate 1\) and this mixture\n {2}- name: task1\n/);
  const mix1 = await importAndRate(file, { mixture: 'mix1' });
  assertProbabilities(mix1.rates, { task1: 1 / 8, task2: 7 / 8 });
  // "The example below will produce identical mixing rates as the previous one": default_rate=3.5.
  const again = await importAndRate(engineFixture('seqio/seqio_readme_mix1_default_rate.py'));
  assertProbabilities(again.rates, { task1: 1 / 8, task2: 7 / 8 });
});

test('a rate function is a strategy: mix2 uses seqio.mixing_rate_num_examples (sizes from examples); partial() gives cap and temperature', async () => {
  const mix2 = await importEngineFile(engineFixture('seqio/seqio_readme_mixtures.py'), { mixture: 'mix2' });
  assert.deepEqual(mix2.mixture.sampling, { strategy: 'proportional' });
  assert.ok(mix2.notes.some((n) => /need the tasks' sizes: add `examples:` to task1, task2/.test(n.message)));
  const text = [
    'import functools, seqio',
    'rate = functools.partial(seqio.mixing_rate_num_examples, maximum=2**19, temperature=2.0)',
    'seqio.MixtureRegistry.add("tmix", [("a", 100.0), "b", ("c", functools.partial(seqio.mixing_rate_num_examples, maximum=2**19, temperature=2.0, scale=4))], default_rate=rate)',
  ].join('\n');
  const result = await importEngineFile({ path: 't.py', text }, { from: 'seqio' });
  assert.deepEqual(result.mixture.sampling, { strategy: 'temperature', temperature: 2, cap: 524288 });
  assert.deepEqual(result.mixture.entries.map((e) => (e.kind === 'task' ? [e.name, e.rate, e.scale] : [])), [['a', 100, undefined], ['b', undefined, undefined], ['c', undefined, 4]]);
  // With sizes given, TaskMix computes seqio's min(n * scale, K) ^ (1/T).
  const dir = tempDir();
  const withSizes = renderImport(result, 't.py').text.replace('  - name: b\n    prefix: "b:"\n', '  - name: b\n    prefix: "b:"\n    examples: 10000\n').replace('    scale: 4\n', '    examples: 400000\n    scale: 4\n');
  writeFileSync(`${dir}/t.mixture.yaml`, withSizes);
  const a = await new MixtureProject().analyze(`${dir}/t.mixture.yaml`);
  assert.ok(a.rates, JSON.stringify(a.diagnostics));
  const raw = [100, Math.sqrt(10000), Math.sqrt(Math.min(400000 * 4, 2 ** 19))];
  const total = raw.reduce((x, y) => x + y, 0);
  a.rates.tasks.forEach((t, i) => assert.ok(Math.abs(t.rate - raw[i]! / total) < 1e-12, t.name));
});

test("T5's t5/data/mixtures.py: literal registrations are read, computed ones are named with the reason", async () => {
  const file = engineFixture('seqio/t5_mixtures.py');
  const { registrations, unreadable } = await readSeqioRegistrations(file);
  assert.deepEqual(registrations.map((r) => r.name), ['large_supervised_equal', 'large_supervised_proportional', 'large_translation_equal', 'squad_trivia_qa_equal']);
  assert.ok(unreadable.some((u) => /mixture glue_mnli_and_dev_v002: its tasks are not a literal list \(a comprehension/.test(u.message)));
  const equal = await importAndRate(file, { mixture: 'large_supervised_equal' });
  assertProbabilities(equal.rates, { wmt_t2t_ende_v003: 1 / 3, wmt15_enfr_v003: 1 / 3, cnn_dailymail_v002: 1 / 3 });
  await assert.rejects(importEngineFile(file, { mixture: 'en_mix' }), (e: unknown) => {
    assert.ok(e instanceof EngineFileError);
    assert.match(e.message, /mixture en_mix: its tasks are not a literal list/);
    return true;
  });
});

test('FLAN flan/mixtures.py registers inside a loop: the located error says why it cannot be read', async () => {
  const file = engineFixture('seqio/flan_mixtures.py');
  await assert.rejects(importEngineFile(file), (e: unknown) => {
    assert.ok(e instanceof EngineFileError);
    assert.equal(file.text.slice(e.range[0], e.range[1]), 'split.train_mixture_name');
    assert.match(e.message, /not a string literal \(split\.train_mixture_name is not bound to a literal at module level\)/);
    return true;
  });
});

test('bad registrations: a negative rate, a sub-mixture with a rate function, a missing rate, Python that registers nothing', async () => {
  const cases: [string, string, RegExp][] = [
    ['seqio.MixtureRegistry.add("m", [("a", -1), ("b", 1)])\n', '-1', /negative/],
    ['seqio.MixtureRegistry.add("s", [("a", 1)])\nseqio.MixtureRegistry.add("m", ["s", "b"], default_rate=seqio.mixing_rate_num_examples)\n', '"s"', /rate of sub-mixture s must be a number/],
    ['seqio.MixtureRegistry.add("m", [("a", 1), "b"])\n', '"b"', /no rate and there is no default_rate/],
    ['import seqio\nseqio.TaskRegistry.add("t", source=None)\n', '', /registers no mixture/],
    ['seqio.MixtureRegistry.add("m", [("a", 1), ("b", 2)]\n', '', /syntax error/],
  ];
  for (const [text, token, message] of cases) {
    await assert.rejects(importEngineFile({ path: 'm.py', text }, { from: 'seqio', mixture: text.includes('"m"') ? 'm' : undefined } as never), (e: unknown) => {
      assert.ok(e instanceof EngineFileError, String(e));
      assert.match(e.message, message);
      if (token) assert.equal(text.slice(e.range[0], e.range[1]), token);
      return true;
    });
  }
});
