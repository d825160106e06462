// scoreExamples (aggregation, degenerate inputs) and scorePredictions (reading and aligning predictions with an
// eval split), the core path shared by `taskmix eval` and the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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

// What Python's float() makes of each string, as printed by Python 3.11.7 (`float(s)`, or ValueError:
// undefined). T5's string_to_float (t5/data/postprocessors.py at e081111ccd51df425aa7124e8e311ed6d403d767)
// maps to -1 exactly what raises there. Unicode decimal digits are digits, Unicode whitespace around the number
// is stripped but U+001C..U+001F (whitespace to str.strip()) are not, and out-of-range values are ±inf.
const PYTHON_FLOAT: [string, number | 'nan' | undefined][] = [
  ["nan", 'nan'],
  ["NaN", 'nan'],
  ["-nan", 'nan'],
  ["+nan", 'nan'],
  ["inf", Infinity],
  ["-inf", -Infinity],
  ["Infinity", Infinity],
  ["+INFINITY", Infinity],
  ["-iNfInItY", -Infinity],
  ["infinit", undefined],
  ["infinityx", undefined],
  ["nanx", undefined],
  ["in_f", undefined],
  ["1e400", Infinity],
  ["-1e400", -Infinity],
  ['1' + '0'.repeat(400), Infinity],
  ["1e-400", 0.0],
  ["\uff11\uff12", 12.0],
  ["\u0661\u0662", 12.0],
  ["\ud835\udfd3", 5.0],
  ["\u0663.\u0665", 3.5],
  ["\u0661_\u0662", 12.0],
  ["\u0661e\u0662", 100.0],
  ["1.5e\u0663", 1500.0],
  ["\u0e512", 12.0],
  ["\u07c1", 1.0],
  ["\ud835\udfce\ud835\udfcf", 1.0],
  ["\ud83e\udff5", 5.0],
  ["\u00bd", undefined],
  ["\u00b2", undefined],
  ["\u2075", undefined],
  ["\u216b", undefined],
  ["1\u066b5", undefined],
  ["\u001c2", undefined],
  ["2\u001f", undefined],
  ["\u001d2", undefined],
  ["\u001e2", undefined],
  ["\t 2\n", 2.0],
  ["\u000b2\f", 2.0],
  ["\r2", 2.0],
  ["\u00852", 2.0],
  ["\u00a02\u3000", 2.0],
  ["2\u2028", 2.0],
  ["\u16802", 2.0],
  ["nan\u00a0", 'nan'],
  ["\u200b2", undefined],
  ["\ufeff2", undefined],
  ["1\u00a02", undefined],
  ["1 2", undefined],
  ["\u007f2", undefined],
  ["1\u00002", undefined],
  ["1_0", 10.0],
  [" 1_0 ", 10.0],
  ["1_000.5", 1000.5],
  ["1e1_0", 10000000000.0],
  ["_1", undefined],
  ["1_", undefined],
  ["1__0", undefined],
  ["1_.5", undefined],
  ["1._5", undefined],
  ["1_e5", undefined],
  ["1e_5", undefined],
  ["0x10", undefined],
  ["1e", undefined],
  ["1e+", undefined],
  [".", undefined],
  ["-.5", -0.5],
  [".5e-1", 0.05],
  ["5.", 5.0],
  ["1.e5", 100000.0],
  ["+5", 5.0],
  ["--5", undefined],
  ["", undefined],
  ["   ", undefined],
  ["-0", -0],
  ["1E5", 100000.0],
  ["1.5E+3", 1500.0],
  ["3.5 points", undefined],
  ["four", undefined],
];

test("parsePythonFloat equals Python's float() on every case of the table", () => {
  for (const [text, expected] of PYTHON_FLOAT) {
    const got = parsePythonFloat(text);
    if (expected === 'nan') assert.ok(got !== undefined && Number.isNaN(got), JSON.stringify(text));
    else assert.ok(Object.is(got, expected), `${JSON.stringify(text)}: ${got} vs ${expected}`);
  }
});

const hasPython311 = spawnSync('python3', ['-c', 'import sys, unicodedata; sys.exit(unicodedata.unidata_version != "14.0.0")']).status === 0;

test("parsePythonFloat equals the running Python's float() on every code point and on random strings", { skip: !hasPython311 && 'needs python3 with Unicode 14.0 (Python 3.11)' }, () => {
  // Every code point c in "1" + c: the digits and whitespace float() reads are exactly those accepted.
  const sweep = spawnSync('python3', ['-c', [
    'import json',
    'ok = []',
    'for cp in range(0x110000):',
    '    if 0xd800 <= cp < 0xe000: continue',
    '    try: ok.append([cp, float("1" + chr(cp))])',
    '    except ValueError: pass',
    'print(json.dumps(ok))',
  ].join('\n')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(sweep.status, 0, sweep.stderr);
  const expected = new Map<number, number>(JSON.parse(sweep.stdout) as [number, number][]);
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const got = parsePythonFloat('1' + String.fromCodePoint(cp));
    assert.equal(got, expected.get(cp), `U+${cp.toString(16)}`);
  }
  // Random short strings over the characters that matter to float().
  const alphabet = [...'0123456789_.eE+- \t\n\x0b\x1c\x1f\x85\xa0\u2028\u3000\u0661\uff15infatyINFATYx\x00\u00bd'];
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const samples: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const pool = next() < 0.5 ? alphabet.slice(0, 16) : alphabet;
    let text = '';
    for (let n = Math.floor(next() * 8); n > 0; n--) text += pool[Math.floor(next() * pool.length)];
    samples.push(text);
  }
  const run = spawnSync('python3', ['-c', [
    'import json, sys',
    'out = []',
    'for s in json.load(sys.stdin):',
    '    try:',
    '        v = float(s)',
    '        out.append("nan" if v != v else repr(v))',
    '    except ValueError:',
    '        out.append(None)',
    'print(json.dumps(out))',
  ].join('\n')], { input: JSON.stringify(samples), encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.equal(run.status, 0, run.stderr);
  const answers = JSON.parse(run.stdout) as (string | null)[];
  let numbers = 0;
  samples.forEach((text, i) => {
    const want = answers[i]!;
    const got = parsePythonFloat(text);
    if (want === null) return assert.equal(got, undefined, JSON.stringify(text));
    numbers++;
    if (want === 'nan') return assert.ok(got !== undefined && Number.isNaN(got), JSON.stringify(text));
    const value = want === 'inf' ? Infinity : want === '-inf' ? -Infinity : Number(want);
    assert.ok(Object.is(got, value), `${JSON.stringify(text)}: ${got} vs ${want}`);
  });
  assert.ok(numbers > 1000, `only ${numbers} of the random strings are numbers`);
});

test('correlations over predictions that float() reads as nan or inf: null with a note, as scipy gives nan', () => {
  // scipy 1.17.1 (pearsonr, spearmanr): pearson is nan for any inf or nan; spearman ranks inf (0.8 here) and is
  // nan only for a nan.
  const examples = (predictions: string[]) => predictions.map((prediction, i) => ({ prediction, references: [String(i + 1)] }));
  const withInf = scoreExamples(examples(['1', '2', 'Infinity', '3']), ['pearson', 'spearman']);
  assert.equal(withInf.metrics.pearson, null);
  assert.ok(Math.abs(withInf.metrics.spearman! - 0.7999999999999999) < 1e-15, String(withInf.metrics.spearman));
  assert.deepEqual(withInf.notes, ['pearson is undefined: a prediction is nan or infinite (scipy returns nan).']);
  const withNan = scoreExamples(examples(['1', 'nan', '2', '3']), ['pearson', 'spearman']);
  assert.deepEqual(withNan.metrics, { pearson: null, spearman: null });
  assert.deepEqual(withNan.notes, [
    'pearson is undefined: a prediction is nan or infinite (scipy returns nan).',
    'spearman is undefined: a prediction is nan (scipy returns nan).',
  ]);
  // "1e400" is inf to float(), not an unparseable -1; "\x1c2" is not a number, so it is -1; "６" is 6.
  // scipy: spearmanr([1, 2, 3, 4], [inf, -1, 5, 6]) = -0.19999999999999998.
  const overflow = scoreExamples(examples(['1e400', '\u001c2', '5', '６']), ['spearman']);
  assert.ok(Math.abs(overflow.metrics.spearman! - -0.19999999999999998) < 1e-15, String(overflow.metrics.spearman));
  assert.match(overflow.notes[0]!, /^1 of 4 predictions are not numbers to Python's float\(\) \(first: "\\u001c2"\)/);
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
