// "Evaluate task" in the built playground on the tiny T5, in headless Chromium through the test host: the model's
// predictions for the eval records are the Node runtime's, the aggregate shown equals `taskmix eval` on those
// predictions, "Write to results" puts it in the file, and Stop (from a lens-started run) scores what finished.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runEvalCommand } from '../../server/src/cli/evalCommand';
import { parseMixture } from '../../server/src/core/parse/parseMixture';
import type { FromPlaygroundView } from '../../contracts/playgroundMessages';
import { TINY_DIR } from '../unit/helpers/t5Fixture';
import { chromiumPerFile, PlaygroundTestHost, SKIP, tinyNodeOutputs } from './playgroundTestHost';

const skip = SKIP;
const settings = { model: resolve(TINY_DIR), precision: 'q8' as const, device: 'auto' as const, mirror: '' };
const browser = chromiumPerFile();
let dir: string;

/** A fresh copy of examples/: "Write to results" edits the file. */
function workspace(): { file: string; uri: string } {
  dir = mkdtempSync(join(tmpdir(), 'taskmix-evaluate-browser-'));
  cpSync(resolve('examples'), dir, { recursive: true });
  const file = join(dir, 'small-with-data.mixture.yaml');
  return { file, uri: pathToFileURL(file).toString() };
}

async function cliMetrics(file: string, predictions: { prediction: string }[]): Promise<Record<string, number | null>> {
  const preds = join(dir, 'preds.jsonl');
  writeFileSync(preds, predictions.map((p) => JSON.stringify({ prediction: p.prediction })).join('\n') + '\n');
  let out = '';
  let err = '';
  const code = await runEvalCommand([file, '--task', 'sst2', '--predictions', preds, '--json'], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  assert.equal(code, 0, err);
  return (JSON.parse(out) as { metrics: Record<string, number | null> }).metrics;
}

async function ready(host: PlaygroundTestHost, maxNewTokens: string): Promise<void> {
  await host.waitFor('the model to load', async () => (await host.text('#device')).includes('loaded in'));
  await host.page.click('.pg-settings summary');
  await host.page.fill('#decoding-maxNewTokens', maxNewTokens);
}

test('Evaluate task: predictions are the model\'s, the aggregate equals taskmix eval, and Write to results edits the file', { skip }, async () => {
  const { file, uri } = workspace();
  const host = await PlaygroundTestHost.open(browser(), { settings, mixtureUri: uri });
  try {
    await ready(host, '5');
    await host.page.selectOption('#task', 'mixture:qnli');
    assert.equal(await host.page.isDisabled('#evaluate'), true, 'qnli has no eval split');
    await host.page.selectOption('#task', 'mixture:sst2');
    assert.equal(await host.page.inputValue('#eval-count'), '100');
    await host.page.click('#evaluate');
    await host.waitFor('the evaluation', async () => ['done', 'failed'].includes((await host.page.getAttribute('.pg-eval', 'data-state')) ?? ''), 60_000);
    assert.equal(await host.page.getAttribute('.pg-eval', 'data-state'), 'done', await host.text('#eval-error').catch(() => ''));

    const sent = host.fromView.find((m): m is Extract<FromPlaygroundView, { type: 'evaluate' }> => m.type === 'evaluate')!;
    assert.equal(sent.predictions.length, 4, 'all 4 records of sst2.dev.jsonl');
    const records = host.toView.find((m) => m.type === 'examples' && m.split === 'eval');
    assert.ok(records && records.type === 'examples');
    const inputs = records.examples.map((r) => r.input!);
    assert.deepEqual(sent.predictions.map((p) => p.prediction), await tinyNodeOutputs(inputs, 5), 'the same model and decoding as the Node runtime');

    const cli = await cliMetrics(file, sent.predictions);
    const shown = await host.page.getAttribute('#eval-metrics dd[data-metric="accuracy"]', 'data-value');
    assert.equal(Number(shown), cli.accuracy);
    assert.equal(await host.text('#eval-metrics dd[data-metric="accuracy"]'), cli.accuracy!.toFixed(4));
    assert.equal(await host.page.locator('#eval-table tbody tr').count(), 4);
    assert.deepEqual(await host.page.$$eval('#eval-table .pg-eval-prediction', (tds) => tds.map((t) => t.textContent)), sent.predictions.map((p) => p.prediction));
    assert.equal(await host.page.inputValue('#eval-metric'), 'accuracy', 'the block\'s own metric');
    assert.equal(await host.page.isChecked('#eval-percent'), true, 'the block holds percentages');

    await host.page.selectOption('#eval-block', 'multi_task');
    await host.page.click('#eval-write');
    await host.waitFor('the write', async () => host.page.locator('#eval-written').isVisible());
    assert.equal(await host.page.getAttribute('#eval-written', 'data-ok'), 'true', await host.text('#eval-written'));
    const written = parseMixture(readFileSync(file, 'utf8')).model.results!;
    assert.equal(written.multi_task!.get('sst2')!.value, Number((cli.accuracy! * 100).toFixed(4)));
    assert.equal(written.single_task!.get('sst2')!.value, 92.7, 'the other block is untouched');
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Evaluate task from the lens, then Stop: the records that finished are scored and shown', { skip }, async () => {
  const { uri } = workspace();
  const host = await PlaygroundTestHost.open(browser(), { settings, mixtureUri: uri });
  try {
    // The tiny model never ends a sequence by itself, so each record runs to the token limit: slow enough to stop.
    await ready(host, '400');
    await host.controller.startEvaluation('sst2');
    await host.waitFor('the first record', async () => /Running sst2: [1-3] of 4/.test(await host.text('#eval-status')), 120_000);
    assert.equal(await host.page.inputValue('#task'), 'mixture:sst2');
    assert.equal(await host.page.isDisabled('#run'), true, 'no prompt runs during an evaluation');
    await host.page.click('#eval-stop');
    await host.waitFor('the stop', async () => ['stopped', 'done', 'failed'].includes((await host.page.getAttribute('.pg-eval', 'data-state')) ?? ''), 60_000);
    assert.equal(await host.page.getAttribute('.pg-eval', 'data-state'), 'stopped');
    const sent = host.fromView.find((m): m is Extract<FromPlaygroundView, { type: 'evaluate' }> => m.type === 'evaluate')!;
    assert.ok(sent.predictions.length >= 1 && sent.predictions.length < 4, `${sent.predictions.length} finished`);
    assert.match(await host.text('#eval-status'), new RegExp(`stopped after ${sent.predictions.length} of 4`));
    assert.equal(await host.page.locator('#eval-table tbody tr').count(), sent.predictions.length);
    assert.equal(await host.page.isEnabled('#run'), true);
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
