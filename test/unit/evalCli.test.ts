// `taskmix eval` on fixture files. Expected numbers are those of the reference implementations on the same
// files: sacreBLEU 2.6.0, scipy 1.17 (pearsonr, spearmanr), T5's qa_utils (squad EM and F1), scikit-learn's
// matthews_corrcoef algorithm and rouge-score's, run on test/fixtures/eval/cli.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../../server/src/cli/args';
import { runEvalCommand } from '../../server/src/cli/evalCommand';
import { corpusBleu } from '../../server/src/core/metrics';

const DIR = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'eval', 'cli');

async function evalCli(argv: string[], cwd = DIR): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runEvalCommand(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

async function evalJson(task: string, predictions: string, extra: string[] = []) {
  const r = await evalCli(['eval.mixture.yaml', '--task', task, '--predictions', predictions, '--json', ...extra]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { task: string; n: number; metrics: Record<string, number | null>; signatures?: { bleu: string }; notes?: string[] };
}

const near = (actual: number | null | undefined, expected: number, epsilon = 1e-12) =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < epsilon, `${actual} vs ${expected}`);

test('cola: MCC and accuracy over labels compared as trimmed text, by line order', async () => {
  const r = await evalJson('cola', 'cola.preds.jsonl');
  assert.deepEqual(Object.keys(r), ['task', 'n', 'metrics']);
  assert.equal(r.task, 'cola');
  assert.equal(r.n, 8);
  assert.deepEqual(Object.keys(r.metrics), ['matthews_corr', 'accuracy']);
  near(r.metrics.matthews_corr, 0.33113308926626095);
  assert.equal(r.metrics.accuracy, 0.625);
});

test('predictions with ids match eval records by 0-based index when the records have no id', async () => {
  const byIndex = await evalJson('cola', 'cola.preds-by-index.jsonl');
  const byOrder = await evalJson('cola', 'cola.preds.jsonl');
  assert.deepEqual(byIndex, byOrder);
});

test('stsb: correlations on a CSV eval split; an unparseable prediction counts as -1 and is noted', async () => {
  const r = await evalJson('stsb', 'stsb.preds.jsonl');
  near(r.metrics.pearson, 0.44575531697184256);
  near(r.metrics.spearman, 0.8827348295047495);
  assert.equal(r.notes?.length, 1);
  assert.match(r.notes![0]!, /1 of 6 predictions are not numbers to Python.s float\(\) \(first: "four" on line 3\)/);
});

test('squad: a list target is a set of references; ids match the records\' id field', async () => {
  const r = await evalJson('squad', 'squad.preds.jsonl');
  assert.equal(r.metrics.exact_match, 0.5);
  // T5's qa_utils (t5/evaluation/qa_utils.py at e081111c) gives em 50, f1 41.666666666666664 here: the empty
  // prediction for q4's empty answer is an exact match with F1 0.
  near(r.metrics.f1, 5 / 12);
});

test('wmt: corpus BLEU with its signature and ROUGE F-measures, over variable reference counts', async () => {
  const r = await evalJson('wmt', 'wmt.preds.jsonl');
  near(r.metrics.bleu, 52.262733329864325, 1e-9);
  assert.deepEqual(r.signatures, { bleu: 'nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0' });
  near(r.metrics.rouge1, 0.6778846153846154);
  near(r.metrics.rouge2, 0.5454545454545454);
  near(r.metrics.rougeL, 0.6778846153846154);
});

test('--bleu-tokenize intl scores BLEU with sacreBLEU\'s international tokenizer (as T5\'s bleu does), and says so', async () => {
  const r = await evalJson('wmt', 'wmt.preds.jsonl', ['--bleu-tokenize', 'intl', '--metrics', 'bleu']);
  assert.deepEqual(r.signatures, { bleu: 'nrefs:var|case:mixed|eff:no|tok:intl|smooth:exp|version:2.6.0' });
  // The same corpus through the core with the tokenizer named directly (tokenizeIntl itself is checked against
  // sacreBLEU's published intl score in metrics-bleu.test.ts).
  const lines = (f: string) => readFileSync(join(DIR, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const refs = lines('wmt.dev.jsonl').map((rec) => (Array.isArray(rec['en']) ? (rec['en'] as string[]) : [rec['en'] as string]));
  const preds = lines('wmt.preds.jsonl').map((rec) => rec['prediction'] as string);
  near(r.metrics.bleu, corpusBleu(preds, refs, { tokenize: 'intl' }).score, 1e-9);
  const none = await evalJson('wmt', 'wmt.preds.jsonl', ['--bleu-tokenize', 'none', '--metrics', 'bleu']);
  assert.match(none.signatures!.bleu, /\|tok:none\|/);
});

test('--metrics overrides the task\'s metrics; the text report shows values and the BLEU signature', async () => {
  const r = await evalCli(['eval.mixture.yaml', '--task', 'wmt', '--predictions', 'wmt.preds.jsonl', '--metrics', 'bleu,exact_match']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^task wmt · 4 examples · predictions wmt\.preds\.jsonl/);
  assert.match(r.out, /bleu\s+52\.26\s+0-100 \(sacreBLEU\)/);
  assert.match(r.out, /exact_match\s+0\.5000/);
  assert.doesNotMatch(r.out, /rouge/);
  assert.match(r.out, /BLEU signature: nrefs:var\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:2\.6\.0/);
});

test('a task without metrics is scored with accuracy; gzip predictions are read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-eval-'));
  try {
    writeFileSync(join(dir, 'm.mixture.yaml'), 'mixture: m\ntasks:\n  - name: t\n    prefix: "t:"\n    examples: 3\n    eval: dev.jsonl\n');
    writeFileSync(join(dir, 'dev.jsonl'), '{"input": "a", "target": "x"}\n{"input": "b", "target": "y"}\n{"input": "c", "target": "z"}\n');
    writeFileSync(join(dir, 'p.jsonl.gz'), gzipSync('{"prediction": "x"}\n{"prediction": "y"}\n{"prediction": "q"}\n'));
    const r = await evalCli(['m.mixture.yaml', '--task', 't', '--predictions', 'p.jsonl.gz', '--json'], dir);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { task: 't', n: 3, metrics: { accuracy: 2 / 3 } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('data problems are located errors (exit 1): count mismatch, bad JSON, unknown id, missing eval', async () => {
  const short = await evalCli(['eval.mixture.yaml', '--task', 'cola', '--predictions', 'cola.preds-short.jsonl']);
  assert.equal(short.code, 1);
  assert.match(short.err, /^cola\.dev\.jsonl:4: error: cola\.preds-short\.jsonl has 3 predictions for 8 eval records/);
  const bad = await evalCli(['eval.mixture.yaml', '--task', 'cola', '--predictions', 'cola.preds-bad.jsonl']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^cola\.preds-bad\.jsonl:2: error: not valid JSON/);
  const unknown = await evalCli(['eval.mixture.yaml', '--task', 'squad', '--predictions', 'squad.preds-unknown-id.jsonl']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /^squad\.preds-unknown-id\.jsonl:2: error: unknown id "q9": no eval record has it/);
  const noEval = await evalCli(['eval.mixture.yaml', '--task', 'no_eval', '--predictions', 'cola.preds.jsonl']);
  assert.equal(noEval.code, 1);
  assert.match(noEval.err, /task 'no_eval' has no eval split/);
  assert.equal(short.out + bad.out + unknown.out + noEval.out, '');
});

test('command-line mistakes are UsageErrors (the CLI turns them into one line and exit 2)', async () => {
  const cases: [string[], RegExp][] = [
    [['eval.mixture.yaml', '--predictions', 'cola.preds.jsonl'], /needs --task NAME/],
    [['eval.mixture.yaml', '--task', 'cola'], /needs --predictions/],
    [['eval.mixture.yaml', '--task', 'nope', '--predictions', 'cola.preds.jsonl'], /no task named 'nope'.*tasks: cola, stsb, squad, wmt, no_eval/],
    [['eval.mixture.yaml', '--task', 'cola', '--predictions', 'missing.jsonl'], /no such file: missing\.jsonl/],
    [['eval.mixture.yaml', '--task', 'cola', '--predictions', 'cola.preds.jsonl', '--metrics', 'bleu,mcc'], /unknown metric 'mcc'/],
    [['eval.mixture.yaml', '--task', 'wmt', '--predictions', 'wmt.preds.jsonl', '--bleu-tokenize', 'moses'], /--bleu-tokenize must be one of 13a, intl, none/],
    [['eval.mixture.yaml', '--task', 'cola', '--predictions', 'cola.preds.jsonl', '--bogus'], /unknown option '--bogus'/],
    [[], /needs exactly one mixture FILE/],
  ];
  for (const [argv, message] of cases) {
    await assert.rejects(evalCli(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  }
});

test('a mixture with errors prints them like `taskmix rates` and exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-eval-'));
  try {
    copyFileSync(join(DIR, 'cola.dev.jsonl'), join(dir, 'cola.dev.jsonl'));
    writeFileSync(join(dir, 'p.jsonl'), readFileSync(join(DIR, 'cola.preds.jsonl')));
    writeFileSync(join(dir, 'bad.mixture.yaml'), 'mixture: m\ntasks:\n  - name: cola\n    prefix: "a:"\n    examples: 1\n    eval: cola.dev.jsonl\n  - name: cola\n    prefix: "b:"\n    examples: 1\n');
    const r = await evalCli(['bad.mixture.yaml', '--task', 'cola', '--predictions', 'p.jsonl'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /^bad\.mixture\.yaml:7:\d+: error duplicate-task-name: /m);
    assert.equal(r.out, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
