// Flow 5: the Playground view lists the mixture's tasks, runs a prompt on the tiny T5 and shows the output with its
// speed; a model folder with broken ONNX files shows its error instead.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { parse } from 'yaml';
import { pollFor } from '../browser';
import { scaled } from '../pace';
import { textIn, webviewHolding } from '../webviews';
import { closeModalEditor, openFile, runCommand } from '../workbench';

interface PlaygroundFlowOptions {
  mixturePath: string;
  tinyModel: string;
  /** a scratch folder for the broken model */
  scratch: string;
  log(line: string): void;
}

export async function playgroundFlow(page: Page, o: PlaygroundFlowOptions): Promise<void> {
  const mixture = parse(readFileSync(o.mixturePath, 'utf8')) as { tasks: { name: string; prefix: string }[] };
  const expectedOptions = mixture.tasks.map((t) => `${t.name} — ${t.prefix.trim()}`);

  await openFile(page, o.mixturePath.split('/').pop()!);
  await runCommand(page, 'TaskMix: Try in Playground');
  const view = await webviewHolding(page, '#prompt', 'Playground');

  const options = await pollFor('the task picker to list the mixture\'s tasks', async () => {
    const texts = (await view.locator('#task option').allInnerTexts()).map((t) => t.trim());
    return expectedOptions.every((e) => texts.includes(e)) ? texts : undefined;
  }, 20_000);
  assert.ok(options.length >= expectedOptions.length + 1, `the picker lists (no task prefix) and every task: ${options.join(' | ')}`);
  await pollFor('the tiny model to load', async () => (await textIn(view, '#device')).includes('loaded in'), 60_000);
  o.log(`playground: ${await textIn(view, '#device')}`);

  const cola = mixture.tasks.find((t) => t.name === 'cola')!;
  await view.locator('#task').selectOption({ label: `cola — ${cola.prefix.trim()}` });
  await pollFor('the prompt to start with the task prefix', async () => (await view.locator('#prompt').inputValue()).startsWith(cola.prefix.trim()), 10_000);
  await view.locator('#prompt').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' The book was read by the student.');
  await view.locator('#run').click();
  await pollFor('the run to finish', async () => (await view.locator('#output').getAttribute('data-state')) === 'done', 60_000);
  const output = await textIn(view, '#output');
  const tokens = Number(await textIn(view, '#stats [data-stat="Tokens"]'));
  const speed = Number(await textIn(view, '#stats [data-stat="Tokens/s"]'));
  o.log(`playground output: ${JSON.stringify(output)}, ${tokens} tokens at ${speed} tokens/s`);
  assert.ok(output.length > 0, 'the run shows output text');
  assert.ok(tokens > 0, 'the run counts its tokens');
  assert.ok(speed > 0, 'the run shows tokens per second');
  assert.equal(await view.locator('#run-error').isVisible(), false);

  // A folder in the right layout whose ONNX files are not ONNX: the panel must say the model cannot be loaded.
  const broken = join(o.scratch, 'broken-model');
  cpSync(o.tinyModel, broken, { recursive: true });
  for (const f of ['encoder_model', 'encoder_model_quantized', 'decoder_model_merged', 'decoder_model_merged_quantized']) {
    writeFileSync(join(broken, 'onnx', `${f}.onnx`), 'this is not an ONNX model\n');
  }
  // The panel's own "Change model…" opens the Settings editor on taskmix.playground.model; type the folder there.
  let error = '';
  await setModelInSettingsEditor(page, view, broken, 'the broken model\'s error', async () => {
    const box = view.locator('#model-error');
    error = (await box.isVisible()) ? (await box.innerText()).trim() : '';
    return error !== '';
  });
  o.log(`broken model: ${error}`);
  assert.match(error, /cannot be loaded/);
  assert.equal(await view.locator('#run').isDisabled(), true, 'nothing can run on a broken model');
  await setModelInSettingsEditor(page, view, o.tinyModel, 'the tiny model to load again', async () =>
    (await textIn(view, '#device')).includes('loaded in') && !(await view.locator('#model-error').isVisible()));
}

/**
 * Sets taskmix.playground.model through the Settings editor that the panel's "Change model…" link opens, waits
 * until `done` (the panel followed), then closes the editor if it is modal (VS Code 1.139 opens Settings modally).
 */
async function setModelInSettingsEditor(page: Page, view: FrameLocator, folder: string, what: string, done: () => Promise<boolean>): Promise<void> {
  await view.locator('#model-settings').click();
  const input = page.locator('.settings-editor .setting-item-text input, .settings-editor .setting-item-text textarea').first();
  await input.waitFor({ timeout: scaled(15_000) });
  await input.fill(folder);
  await pollFor(what, done, 60_000);
  await closeModalEditor(page);
}
