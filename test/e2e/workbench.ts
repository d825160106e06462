// Driving VS Code's workbench in the browser: selectors that held in VS Code 1.100 and 1.139 (see the e2e recipe).
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { pollFor } from './browser';

/** Opens the workbench at `url` and waits until the explorer lists the workspace. */
export async function openWorkbench(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return page;
}

/** Opens a file of the workspace root from the explorer and waits until its editor is active. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first().dblclick();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 15_000 });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
}

/** Brings the open editor of `fileName` to the front of its group and focuses that group. */
export async function selectEditorTab(page: Page, fileName: string): Promise<void> {
  await page.locator('.tabs-container .tab', { hasText: fileName }).first().click();
  await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 10_000 });
}

/** Closes the modal editor (VS Code 1.139 opens e.g. Settings in one) if one is open; it blocks the workbench. */
export async function closeModalEditor(page: Page): Promise<void> {
  const block = page.locator('.monaco-modal-editor-block');
  if (!(await block.count()) || !(await block.first().isVisible())) return;
  await block.locator('[aria-label^="Close Modal Editor"]').first().click();
  await block.first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Runs a command from the palette by its title as shown there (e.g. "TaskMix: Show Balance Preview"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** The active text editor. */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Puts the cursor at the start of line `line` (1-based) of the active editor. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Replaces line `line`'s text after its indentation with `text`, as typed input. */
export async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  // insertText sends one input event, so the editor's auto-closing quotes do not double what we type.
  await page.keyboard.insertText(text);
}

/** The rendered text of the visible lines of the active editor, inlay hints included. */
export async function visibleEditorText(page: Page): Promise<string> {
  return (await activeEditor(page).locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
}

/** The language shown in the status bar for the active editor (e.g. "TaskMix Mixture"). */
export async function languageMode(page: Page): Promise<string> {
  return (await page.locator('#status\\.editor\\.mode').innerText()).trim();
}

/** Shows the Problems panel and returns its rows' texts. */
export async function problemRows(page: Page): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: 10_000 });
  }
  return (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Saves the active editor. */
export async function save(page: Page): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+S');
  await pollFor('the editor to be saved', async () => !(await page.locator('.tabs-container .tab.active.dirty').count()), 10_000);
}

/**
 * Applies the code action titled `title` from the light-bulb menu (opened with Ctrl+.) by keyboard: VS Code 1.100's
 * menu lies under a pointer-blocking layer that swallows clicks, while arrow keys and Enter work in every version.
 */
export async function applyCodeAction(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.first().waitFor({ timeout: 10_000 });
  await pollFor(`the code action "${title}" in the light-bulb menu`, async () => (await rows.allInnerTexts()).some((t) => t.includes(title)), 10_000);
  const count = await rows.count();
  for (let i = 0; i <= count; i++) {
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    if ((await focused.count()) && (await focused.first().innerText()).includes(title)) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not focus the code action "${title}" among: ${(await rows.allInnerTexts()).join(' | ')}`);
}

/** The document inside the webview whose outer iframe's title or the tab matches; VS Code nests two iframes. */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
}
