// Flow 7: the "Evaluate task" code lens on a task with an eval split runs its eval records through the Playground's
// model; the aggregate the panel shows equals `taskmix eval` on the predictions its table shows, and "Write to
// results" changes exactly that score in the file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../../scripts/vscode/paths';
import { pollFor } from '../browser';
import { scaled } from '../pace';
import { textIn, webviewHolding } from '../webviews';
import { openFile, runCommand, save, selectEditorTab } from '../workbench';

interface EvaluateFlowOptions {
  /** small-with-data.mixture.yaml in the workspace root: sst2 is its one task with an eval split */
  mixturePath: string;
  /** where the predictions file for the CLI goes */
  scratch: string;
  log(line: string): void;
}

interface CliReport {
  n: number;
  metrics: Record<string, number | null>;
}

export async function evaluateTaskFlow(page: Page, o: EvaluateFlowOptions): Promise<void> {
  const fileName = basename(o.mixturePath);
  const before = readFileSync(o.mixturePath, 'utf8');
  const written = /^( {2}single_task: \{sst2: )92\.7,/m;
  assert.match(before, written, 'the example starts with results.single_task.sst2 = 92.7');
  const evalFile = join(dirname(o.mixturePath), 'data', 'sst2.dev.jsonl');
  const records = readFileSync(evalFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sentence: string; label: string });

  // The Playground flow left the TaskMix container in the side bar; the file is opened from the explorer.
  await runCommand(page, 'View: Show Explorer');
  await openFile(page, fileName);
  // sst2 is the only task with `eval`, so its lens is the only "Evaluate task" one.
  const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Evaluate task' });
  await pollFor('the "Evaluate task" code lens', async () => (await lens.count()) === 1, 20_000);
  await lens.click();

  const view = await webviewHolding(page, '#eval-table', 'Playground');
  await pollFor('the lens to select sst2 in the Playground', async () => (await view.locator('#task').inputValue()) === 'mixture:sst2', 15_000);
  const first = await finishedEvaluation(view, records.length);
  o.log(`evaluate: ${first.predictions.length} predictions (the first: ${JSON.stringify(first.predictions[0]!.slice(0, 40))}…), accuracy ${first.shown}`);
  const firstCli = cliAccuracy(o, first.predictions);
  // The panel prints aggregates as the CLI's text report does: 4 decimals.
  assert.equal(first.shown, firstCli.toFixed(4), 'the panel\'s accuracy is the CLI\'s');

  // The tiny model is random, so it hits no label: give records 1 and 3 its own (greedy, so repeatable) outputs as
  // labels and evaluate again from the panel's button, for an aggregate that is neither 0 nor 1.
  const hits = new Set([0, 2]);
  writeFileSync(evalFile, records.map((r, i) => JSON.stringify(hits.has(i) ? { ...r, label: first.predictions[i] } : r)).join('\n') + '\n');
  await view.locator('#evaluate').click();
  const second = await finishedEvaluation(view, records.length);
  assert.deepEqual(second.predictions, first.predictions, 'greedy decoding gives the same outputs again');
  assert.deepEqual(second.exampleScores, records.map((_, i) => (hits.has(i) ? '1.0000' : '0.0000')), 'per-example accuracy');
  const accuracy = cliAccuracy(o, second.predictions);
  assert.equal(accuracy, hits.size / records.length);
  assert.equal(second.shown, accuracy.toFixed(4), 'the panel\'s accuracy is the CLI\'s');
  o.log(`evaluate again with ${hits.size} labels the model hits: accuracy ${second.shown}`);

  // The block holds percentages, so the panel proposes accuracy ×100 for single_task by default.
  assert.equal(await view.locator('#eval-block').inputValue(), 'single_task');
  assert.equal(await view.locator('#eval-metric').inputValue(), 'accuracy');
  assert.equal(await view.locator('#eval-percent').isChecked(), true);
  await view.locator('#eval-write').click();
  // The file already holds a single_task score for sst2: Write to results asks before replacing it, naming both.
  const newValue = String(Number((accuracy * 100).toFixed(4)));
  const dialog = page.locator('.monaco-dialog-box');
  await pollFor('the dialog asking to replace the existing score', async () => dialog.isVisible(), 15_000, {
    seen: async () => (await dialog.allInnerTexts()).join(' | ') || '(no dialog)',
  });
  const question = await dialog.innerText();
  assert.match(question, /single_task\.sst2 is 92\.7/, question);
  assert.ok(question.includes(`with ${newValue}`), question);
  await dialog.locator('.monaco-button', { hasText: /^Replace$/ }).click();
  const notice = view.locator('#eval-written');
  await pollFor('the notice that the score was written', async () => notice.isVisible(), 15_000);
  assert.equal(await notice.getAttribute('data-ok'), 'true', await notice.innerText());

  await selectEditorTab(page, fileName);
  await save(page);
  assert.equal(readFileSync(o.mixturePath, 'utf8'), before.replace(written, `$1${newValue},`));
}

interface FinishedEvaluation {
  predictions: string[];
  /** the per-example accuracy cells, as shown */
  exampleScores: string[];
  /** the aggregate accuracy, as shown */
  shown: string;
}

/** Waits for the evaluation started just now to end, and reads its table and aggregate. */
async function finishedEvaluation(view: FrameLocator, records: number): Promise<FinishedEvaluation> {
  // A run sets `running` as it starts (in the click's own handler), so an earlier run's `done` is not mistaken for it.
  const state = await pollFor('the evaluation to end', async () => {
    const s = await view.locator('.pg-eval').getAttribute('data-state');
    return s === 'done' || s === 'failed' || s === 'stopped' ? s : undefined;
  }, 120_000);
  assert.equal(state, 'done', `the evaluation ended ${state}: ${await textIn(view, '#eval-error')} ${await textIn(view, '#eval-status')}`);
  assert.match(await textIn(view, '#eval-status'), new RegExp(`^${records} records of .*sst2\\.dev\\.jsonl$`));
  const body = view.locator('#eval-table tbody');
  assert.equal(await body.locator('tr').count(), records, 'one row per eval record');
  return {
    // textContent, not innerText: a prediction's spaces exactly as the model produced them.
    predictions: await body.locator('.pg-eval-prediction').allTextContents(),
    exampleScores: await body.locator('td[data-metric="accuracy"]').allTextContents(),
    shown: await textIn(view, '#eval-metrics dd[data-metric="accuracy"]'),
  };
}

/** `taskmix eval --json` (the built CLI) on `predictions`, in eval-file order: its accuracy. */
function cliAccuracy(o: EvaluateFlowOptions, predictions: string[]): number {
  const preds = join(o.scratch, 'preds.jsonl');
  writeFileSync(preds, predictions.map((p) => JSON.stringify({ prediction: p })).join('\n') + '\n');
  const out = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'eval', o.mixturePath, '--task', 'sst2', '--predictions', preds, '--json'],
    { cwd: dirname(o.mixturePath), encoding: 'utf8', timeout: scaled(60_000) });
  const report = JSON.parse(out) as CliReport;
  assert.equal(report.n, predictions.length, 'the CLI scored every prediction');
  const accuracy = report.metrics.accuracy;
  assert.equal(typeof accuracy, 'number', `the CLI scores accuracy: ${out}`);
  return accuracy!;
}
