// scoreExamples (aggregation, degenerate inputs) and scorePredictions (reading and aligning predictions with an
// eval split), the core path shared by `taskmix eval` and the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvalDataError, parsePythonFloat, scoreExamples, scorePredictions, SCORED_METRICS, type ScoredTask } from '../../server/src/core/metrics';
import { METRIC_NAMES } from '../../server/src/core/schema';

test('the scored metrics are exactly the spec\'s metric names', () => {
  assert.deepEqual([...SCORED_METRICS].sort(), [...METRIC_NAMES].sort());
});

test('empty predictions score the references\' values: 0 everywhere, never NaN', () => {
  const examples = [
    { prediction: '', references: ['the cat sat'] },
    { prediction: '', references: ['on the mat', 'a mat'] },
  ];
  const report = scoreExamples(examples, ['bleu', 'rouge1', 'rouge2', 'rougeL', 'exact_match', 'f1', 'accuracy']);
  assert.equal(Object.keys(report.metrics).length, 7);
  for (const [name, value] of Object.entries(report.metrics)) assert.equal(value, 0, name);
  assert.equal(report.signatures.bleu, 'nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
});

test('constant predictions: MCC is 0 (scikit-learn), correlations are null with a note (scipy gives nan)', () => {
  const examples = ['1', '2', '3'].map((target) => ({ prediction: '2', references: [target] }));
  const report = scoreExamples(examples, ['matthews_corr', 'pearson', 'spearman']);
  assert.deepEqual(report.metrics, { matthews_corr: 0, pearson: null, spearman: null });
  assert.deepEqual(report.notes, [
    'pearson is undefined: the predictions are constant (scipy returns nan).',
    'spearman is undefined: the predictions are constant (scipy returns nan).',
  ]);
  assert.equal(JSON.stringify(report.metrics), '{"matthews_corr":0,"pearson":null,"spearman":null}');
});

test('accuracy with a list target: right when the prediction equals any reference after trimming', () => {
  const report = scoreExamples(
    [
      { prediction: ' Paris ', references: ['Lyon', 'Paris'] },
      { prediction: 'paris', references: ['Paris'] },
    ],
    ['accuracy'],
  );
  assert.equal(report.metrics.accuracy, 0.5);
});

test('data that a metric cannot use is an EvalDataError at the eval line', () => {
  assert.throws(
    () => scoreExamples([{ prediction: '1', references: ['1', '0'], line: 7 }], ['matthews_corr']),
    (e: unknown) => e instanceof EvalDataError && e.line === 7 && /one target per example/.test(e.message),
  );
  assert.throws(
    () => scoreExamples([{ prediction: '1', references: ['high'], line: 3 }, { prediction: '2', references: ['2'], line: 4 }], ['pearson']),
    (e: unknown) => e instanceof EvalDataError && e.line === 3 && /numeric target/.test(e.message),
  );
  assert.throws(() => scoreExamples([], ['accuracy']), EvalDataError);
});

test("parsePythonFloat accepts what Python's float() accepts", () => {
  assert.equal(parsePythonFloat(' 3.5\n'), 3.5);
  assert.equal(parsePythonFloat('1_000.5'), 1000.5);
  assert.equal(parsePythonFloat('.5e-1'), 0.05);
  assert.equal(parsePythonFloat('5.'), 5);
  assert.equal(parsePythonFloat('-Infinity'), -Infinity);
  assert.ok(Number.isNaN(parsePythonFloat('nan')));
  for (const bad of ['', 'four', '1__0', '_1', '1_', '0x10', '1e', '3.5 points']) assert.equal(parsePythonFloat(bad), undefined, bad);
});

async function withEvalSplit(evalText: string, fileName: string, run: (task: ScoredTask) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-score-'));
  try {
    writeFileSync(join(dir, fileName), evalText);
    await run({ name: 't', eval: join(dir, fileName), fields: { input: 'input', target: 'target' }, metrics: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const records = '{"id": "a", "input": "1", "target": "x"}\n{"id": "b", "input": "2", "target": "y"}\n';

test('scorePredictions aligns by id and scores; the default metric is accuracy', async () => {
  await withEvalSplit(records, 'dev.jsonl', async (task) => {
    const outcome = await scorePredictions({ task, predictionsText: '{"id": "b", "prediction": "y"}\r\n\n{"id": "a", "prediction": "q"}\n', predictionsFile: 'p.jsonl' });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.report.metricNames, ['accuracy']);
    assert.equal(outcome.report.metrics.accuracy, 0.5);
  });
});

test('scorePredictions: every alignment problem names its file and line', async () => {
  const cases: [string, RegExp, string, number | undefined][] = [
    ['{"id": "a", "prediction": "x"}\n{"prediction": "y"}\n', /has no "id" while others have one/, 'p.jsonl', 2],
    ['{"id": "a", "prediction": "x"}\n{"id": "a", "prediction": "y"}\n', /second prediction for id "a" \(the first is on line 1\)/, 'p.jsonl', 2],
    ['{"id": "a", "prediction": "x"}\n', /this eval record has no prediction \(1 of 2 records have one\)/, 'eval', 2],
    ['{"prediction": "x"}\n{"prediction": "y"}\n{"prediction": "z"}\n', /more predictions than the 2 eval records/, 'p.jsonl', 3],
    ['{"prediction": ["x"]}\n', /"prediction" must be a string/, 'p.jsonl', 1],
    ['["x"]\n', /must be a JSON object/, 'p.jsonl', 1],
    ['{"answer": "x"}\n', /no "prediction" key \(its keys: answer\)/, 'p.jsonl', 1],
  ];
  await withEvalSplit(records, 'dev.jsonl', async (task) => {
    for (const [text, message, file, line] of cases) {
      const outcome = await scorePredictions({ task, predictionsText: text, predictionsFile: 'p.jsonl' });
      assert.ok(!outcome.ok, text);
      assert.match(outcome.message, message);
      assert.equal(outcome.file, file === 'eval' ? task.eval : file, text);
      assert.equal(outcome.line, line, text);
    }
  });
});

test('scorePredictions: problems in the eval split itself', async () => {
  await withEvalSplit('{"id": "a", "target": "x"}\n{"id": "a", "target": "y"}\n', 'dup.jsonl', async (task) => {
    const outcome = await scorePredictions({ task, predictionsText: '{"id": "a", "prediction": "x"}\n', predictionsFile: 'p.jsonl' });
    assert.ok(!outcome.ok && /also on line 1: ids must be unique/.test(outcome.message) && outcome.line === 2);
  });
  await withEvalSplit('{"target": []}\n', 'empty-list.jsonl', async (task) => {
    const outcome = await scorePredictions({ task, predictionsText: '{"prediction": "x"}\n', predictionsFile: 'p.jsonl' });
    assert.ok(!outcome.ok && /empty list/.test(outcome.message) && outcome.line === 1);
  });
  await withEvalSplit('{"input": "no target"}\n', 'no-target.jsonl', async (task) => {
    const outcome = await scorePredictions({ task, predictionsText: '{"prediction": "x"}\n', predictionsFile: 'p.jsonl' });
    assert.ok(!outcome.ok && /no target field "target"/.test(outcome.message));
  });
  await withEvalSplit('', 'empty.jsonl', async (task) => {
    const outcome = await scorePredictions({ task, predictionsText: '', predictionsFile: 'p.jsonl' });
    assert.ok(!outcome.ok && /no records/.test(outcome.message));
  });
  await withEvalSplit(records, 'dev.jsonl', async (task) => {
    const outcome = await scorePredictions({ task, predictionsText: '', predictionsFile: 'p.jsonl', metrics: ['bleu', 'chrf'] });
    assert.ok(!outcome.ok && /unknown metric 'chrf'/.test(outcome.message));
  });
});

test('ids matched to 0-based indexes when the eval records have no id field', async () => {
  await withEvalSplit('input,target\na,1\nb,2\nc,3\n', 'dev.csv', async (task) => {
    const ok = await scorePredictions({ task, predictionsText: '{"id": 2, "prediction": "3"}\n{"id": "0", "prediction": "1"}\n{"id": 1, "prediction": "0"}\n', predictionsFile: 'p.jsonl' });
    assert.ok(ok.ok);
    assert.equal(ok.report.metrics.accuracy, 2 / 3);
    const outside = await scorePredictions({ task, predictionsText: '{"id": 3, "prediction": "3"}\n', predictionsFile: 'p.jsonl' });
    assert.ok(!outside.ok && /ids are 0-based indexes 0\.\.2/.test(outside.message) && outside.line === 1);
  });
});
