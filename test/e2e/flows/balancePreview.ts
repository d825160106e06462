// Flow 4: the Balance Preview panel opens beside the mixture, its heatmap is really drawn (pixels read back), the
// temperature slider changes the rates, and "Apply to file" edits the YAML.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { pollFor } from '../browser';
import { canvasInk, textIn, webviewHolding } from '../webviews';
import { openFile, runCommand, save, selectEditorTab } from '../workbench';

export async function balancePreviewFlow(page: Page, mixturePath: string, log: (line: string) => void): Promise<void> {
  const fileName = mixturePath.split('/').pop()!;
  const before = readFileSync(mixturePath, 'utf8');
  assert.match(before, /^ {2}temperature: 2$/m, 'the example starts at T = 2');

  await openFile(page, fileName);
  await runCommand(page, 'TaskMix: Show Balance Preview');
  const view = await webviewHolding(page, '#tab-strategies', 'Balance Preview');
  await pollFor('the Balance Preview title naming the mixture', async () => (await textIn(view, 'h2.title')).includes('glue_t5'), 15_000);

  // The strategies heatmap: a canvas with many painted pixels in many colours (a colour scale, labels, grid).
  const heatmap = view.locator('#panel-strategies canvas.heatmap-canvas');
  const ink = await pollFor('the heatmap to be drawn', async () => {
    const i = await canvasInk(heatmap);
    return i.painted > 0.2 * i.width * i.height && i.colors >= 8 ? i : undefined;
  }, 15_000);
  log(`heatmap ${ink.width}x${ink.height}: ${ink.painted} painted pixels, ${ink.colors} colours`);

  await view.locator('#tab-temperature').click();
  const tFigure = '#panel-temperature [data-figure="T"]';
  const effective = '#panel-temperature [data-figure="effective tasks"]';
  await pollFor('the rates at the file\'s T = 2', async () => (await textIn(view, tFigure)) === '2', 15_000);
  const effectiveAtTwo = await textIn(view, effective);
  const barsAtTwo = await canvasInk(view.locator('#panel-temperature canvas.bars-canvas'));
  assert.ok(barsAtTwo.painted > 0, 'the rate bars are drawn');

  // End moves the slider to its last position, T = 100: flatter rates, so more effective tasks.
  await view.locator('#temperature-slider').focus();
  await page.keyboard.press('End');
  await pollFor('the rates at T = 100', async () => (await textIn(view, tFigure)) === '100', 15_000);
  const effectiveAtHundred = await textIn(view, effective);
  assert.ok(Number(effectiveAtHundred) > Number(effectiveAtTwo), `effective tasks grow from T = 2 (${effectiveAtTwo}) to T = 100 (${effectiveAtHundred})`);

  await view.locator('#apply-temperature').click();
  await pollFor('the notice that the file was changed', async () => (await textIn(view, '.banner')).includes('temperature: 100'), 15_000);
  // The panel follows the edited buffer (the server's taskmix/ratesChanged): the file's own column is now T = 100.
  await view.locator('#tab-strategies').click();
  await view.locator('#table-toggle').check();
  await pollFor('the file column to follow the edit to T = 100', async () => (await textIn(view, 'body')).includes('T=100, K=2097152 (file)'), 15_000);
  await view.locator('#table-toggle').uncheck();
  await selectEditorTab(page, fileName);
  await save(page);
  assert.equal(readFileSync(mixturePath, 'utf8'), before.replace(/^ {2}temperature: 2$/m, '  temperature: 100'));
}
