// Flow 6: "Export Mixture As..." through its quick pick and save dialog writes the seqio export beside the mixture,
// the same text `taskmix export --format seqio` prints for the saved file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../../scripts/vscode/paths';
import { pollFor } from '../browser';
import { scaled } from '../pace';
import { openFile, runCommand } from '../workbench';

export async function exportFlow(page: Page, mixturePath: string): Promise<void> {
  const folder = dirname(mixturePath);
  const target = join(folder, 'glue_t5.py');
  assert.equal(existsSync(target), false, 'no export yet');
  await openFile(page, basename(mixturePath));
  await runCommand(page, 'TaskMix: Export Mixture As...');

  const input = page.locator('.quick-input-widget input');
  const seqio = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'seqio' }).first();
  await seqio.waitFor({ timeout: scaled(10_000) });
  await input.fill('seqio');
  await pollFor('seqio to be the first format', async () => (await page.locator('.quick-input-widget .monaco-list-row').first().innerText()).includes('seqio'), 10_000);
  await page.keyboard.press('Enter');

  // code-server has no native dialogs: VS Code's own save dialog is a quick input holding the proposed path.
  await pollFor('the save dialog proposing glue_t5.py', async () => (await input.inputValue()).endsWith('glue_t5.py'), 15_000);
  await page.keyboard.press('Enter');
  await pollFor('the export to be written', async () => existsSync(target), 15_000);
  await page.locator('.tabs-container .tab.active', { hasText: 'glue_t5.py' }).waitFor({ timeout: scaled(15_000) });

  const cli = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'export', '--format', 'seqio', basename(mixturePath)], { cwd: folder, encoding: 'utf8', timeout: scaled(60_000) });
  assert.equal(readFileSync(target, 'utf8'), cli);
}
