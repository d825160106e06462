// The server's `taskmix/evaluate` answer (evaluateResponse) against `taskmix eval` run in-process on the same
// predictions written to a JSONL file: the aggregates must be identical, for every metric family; per-example
// scores must agree with the aggregates that are their means; bad requests get located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runEvalCommand } from '../../server/src/cli/evalCommand';
import { MixtureProject } from '../../server/src/core/analyze';
import { readRecords } from '../../server/src/core/data';
import { checkEvaluateParams, evaluateResponse } from '../../server/src/lsp/evaluate';
import type { EvaluateParams } from '../../contracts/lsp';

const DIR = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'eval', 'cli');
const MIXTURE = join(DIR, 'eval.mixture.yaml');
const uri = pathToFileURL(MIXTURE).toString();

async function cliJson(mixture: string, task: string, predictions: { prediction: string }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-evaluate-'));
  try {
    const file = join(dir, 'preds.jsonl');
    writeFileSync(file, predictions.map((p) => JSON.stringify(p)).join('\n') + '\n');
    let out = '';
    let err = '';
    const code = await runEvalCommand([mixture, '--task', task, '--predictions', file, '--json'], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
    assert.equal(code, 0, err);
    return JSON.parse(out) as { n: number; metrics: Record<string, number | null>; signatures?: { bleu: string }; notes?: string[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The eval records' lines, and predictions: the by-order fixture file when there is one, else made up. */
async function predictionsFor(task: string, evalFile: string): Promise<EvaluateParams['predictions']> {
  const read = await readRecords(join(DIR, evalFile), { limit: 1000 });
  assert.ok(read.ok);
  const byOrder: Record<string, string> = { cola: 'cola.preds.jsonl', stsb: 'stsb.preds.jsonl', wmt: 'wmt.preds.jsonl' };
  const texts = byOrder[task]
    ? readFileSync(join(DIR, byOrder[task]), 'utf8').trim().split('\n').map((l) => String((JSON.parse(l) as { prediction: unknown }).prediction))
    : read.records.map((r, i) => (i % 2 === 0 ? String((r.record as { answers: { text: string[] } }).answers.text[0]) : 'the wrong answer'));
  assert.equal(texts.length, read.records.length);
  return read.records.map((r, i) => ({ line: r.line, prediction: texts[i]! }));
}

test('the aggregates equal taskmix eval on the same predictions, for every metric family', async () => {
  const analysis = await new MixtureProject().analyze(MIXTURE);
  const files: Record<string, string> = { cola: 'cola.dev.jsonl', stsb: 'stsb.dev.csv', squad: 'squad.dev.jsonl', wmt: 'wmt.dev.jsonl' };
  for (const [task, evalFile] of Object.entries(files)) {
    const predictions = await predictionsFor(task, evalFile);
    const answer = await evaluateResponse(analysis, { uri, task, predictions });
    assert.ok(answer.report, `${task}: ${answer.error?.message}`);
    const cli = await cliJson(MIXTURE, task, predictions);
    assert.deepEqual(answer.report.metrics, cli.metrics, task);
    assert.equal(answer.report.n, cli.n, task);
    assert.deepEqual(answer.report.notes, cli.notes ?? [], task);
    assert.equal(answer.report.signatures.bleu, cli.signatures?.bleu, task);
    assert.deepEqual(answer.report.examples.map((e) => e.line), predictions.map((p) => p.line), task);
    assert.deepEqual(answer.report.examples.map((e) => e.prediction), predictions.map((p) => p.prediction), task);
    assert.equal(answer.report.file, join(DIR, evalFile));
  }
});

test('per-example scores: means give the aggregates; corpus-only metrics have none', async () => {
  const analysis = await new MixtureProject().analyze(MIXTURE);
  const squad = (await evaluateResponse(analysis, { uri, task: 'squad', predictions: await predictionsFor('squad', 'squad.dev.jsonl') })).report!;
  for (const m of ['exact_match', 'f1'] as const) {
    const mean = squad.examples.reduce((s, e) => s + e.scores[m]!, 0) / squad.n;
    assert.ok(Math.abs(mean - squad.metrics[m]!) < 1e-12, m);
  }
  assert.deepEqual(squad.examples.map((e) => e.scores.exact_match), [1, 0, 1, 0]);
  const cola = (await evaluateResponse(analysis, { uri, task: 'cola', predictions: await predictionsFor('cola', 'cola.dev.jsonl') })).report!;
  assert.ok(cola.examples.every((e) => e.scores.matthews_corr === null));
  const accuracy = cola.examples.reduce((s, e) => s + e.scores.accuracy!, 0) / cola.n;
  assert.equal(accuracy, cola.metrics.accuracy);
  assert.ok(cola.examples.every((e) => e.scores.accuracy === (e.references.includes(e.prediction.trim()) ? 1 : 0)));
  const wmt = (await evaluateResponse(analysis, { uri, task: 'wmt', predictions: await predictionsFor('wmt', 'wmt.dev.jsonl') })).report!;
  assert.ok(wmt.examples.every((e) => typeof e.scores.bleu === 'number' && typeof e.scores.rougeL === 'number'));
});

test('the first N records only: equal to taskmix eval on an eval split of those N records', async () => {
  const analysis = await new MixtureProject().analyze(MIXTURE);
  const all = await predictionsFor('cola', 'cola.dev.jsonl');
  const firstThree = all.slice(0, 3);
  const answer = (await evaluateResponse(analysis, { uri, task: 'cola', predictions: firstThree })).report!;
  assert.equal(answer.n, 3);
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-evaluate-n-'));
  try {
    writeFileSync(join(dir, 'cola.dev.jsonl'), readFileSync(join(DIR, 'cola.dev.jsonl'), 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
    const cola = readFileSync(MIXTURE, 'utf8').split('  - name: stsb')[0]!;
    writeFileSync(join(dir, 'm.mixture.yaml'), cola);
    const cli = await cliJson(join(dir, 'm.mixture.yaml'), 'cola', firstThree);
    assert.deepEqual(answer.metrics, cli.metrics);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad requests: a located error, never a wrong score', async () => {
  const analysis = await new MixtureProject().analyze(MIXTURE);
  const moved = await evaluateResponse(analysis, { uri, task: 'cola', predictions: [{ line: 2, prediction: '1' }] });
  assert.equal(moved.report, null);
  assert.match(moved.error!.message, /The eval file changed while the model ran \(record 1 is now on line 1, not 2\)/);
  assert.equal(moved.error!.line, 1);
  const noEval = await evaluateResponse(analysis, { uri, task: 'no_eval', predictions: [{ line: 1, prediction: 'x' }] });
  assert.match(noEval.error!.message, /Task 'no_eval' has no `eval` file/);
  const unknown = await evaluateResponse(analysis, { uri, task: 'nope', predictions: [{ line: 1, prediction: 'x' }] });
  assert.match(unknown.error!.message, /no task 'nope'/);
  const tooMany = await evaluateResponse(analysis, { uri, task: 'squad', predictions: Array.from({ length: 5 }, (_, i) => ({ line: i + 1, prediction: 'x' })) });
  assert.match(tooMany.error!.message, /more predictions than the 4 eval records/);
  assert.equal(checkEvaluateParams({ uri, task: 'cola', predictions: [] }), 'predictions must be a non-empty list');
  assert.equal(checkEvaluateParams({ uri, task: 'cola', predictions: [{ line: 'x', prediction: 'y' }] }), 'predictions[0] must be {line: integer, prediction: string}');
  assert.equal(checkEvaluateParams(null), 'params must be an object');
});
