// Driving VS Code's workbench in the browser: selectors that held in VS Code 1.100 and 1.139 (see the e2e recipe).
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { note, pollFor } from './browser';
import { scaled } from './pace';

/** Opens the workbench at `url` and waits until the explorer lists the workspace. */
export async function openWorkbench(context: BrowserContext, url: string): Promise<Page> {
  note(`opening the workbench at ${url}`);
  const page = await context.newPage();
  await page.goto(url, { timeout: scaled(60_000) });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: scaled(60_000) });
  return page;
}

/** Opens a file of the workspace root from the explorer and waits until its editor is active. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  note(`opening ${fileName} from the explorer`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first().dblclick();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: scaled(15_000) });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: scaled(15_000) });
}

/** Brings the open editor of `fileName` to the front of its group and focuses that group. */
export async function selectEditorTab(page: Page, fileName: string): Promise<void> {
  await page.locator('.tabs-container .tab', { hasText: fileName }).first().click();
  await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: scaled(10_000) });
}

/** Closes the modal editor (VS Code 1.139 opens e.g. Settings in one) if one is open; it blocks the workbench. */
export async function closeModalEditor(page: Page): Promise<void> {
  const block = page.locator('.monaco-modal-editor-block');
  if (!(await block.count()) || !(await block.first().isVisible())) return;
  await block.locator('[aria-label^="Close Modal Editor"]').first().click();
  await block.first().waitFor({ state: 'hidden', timeout: scaled(10_000) });
}

/**
 * Runs a command from the palette by its title as shown there (e.g. "TaskMix: Show Balance Preview"): clicks the row
 * labelled exactly so, since under load the list may still show the recently used commands when Enter would fire.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  note(`running "${title}" from the palette`);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: scaled(10_000) });
  await input.fill(`>${title}`);
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exact = new RegExp(`^\\s*${escaped}\\s*$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await pollFor(`the command "${title}" in the palette`, async () => (await row.count()) > 0, 10_000, {
    seen: async () => `input ${JSON.stringify(await input.inputValue())}, rows: ${(await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).join(' | ')}`,
  });
  await row.click();
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
  await input.waitFor({ timeout: scaled(10_000) });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input').waitFor({ state: 'hidden', timeout: scaled(10_000) });
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

/** Shows the Problems panel and returns its rows' texts (poll with `seen: () => problemsSeen(page)`). */
export async function problemRows(page: Page): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: scaled(10_000) });
  }
  // Only the groups of mixture files: VS Code's own problems (e.g. 1.139 reporting that it could not load the user
  // settings' schema, while a step's clean start rewrites settings.json) are not the extension's.
  const rows = panel.locator('.monaco-list-row');
  const labels = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('aria-label') ?? '', (e as unknown as { innerText: string }).innerText] as const));
  const out: string[] = [];
  let inMixture = true;
  for (const [label, text] of labels) {
    const file = /problems? in file (\S+)/.exec(label);
    if (file) inMixture = /\.mixture\.ya?ml$/i.test(file[1]!);
    if (inMixture) out.push(text.replace(/\s+/g, ' ').trim());
  }
  return out;
}

/** The Problems panel's rows and the status bar's count, for failure messages. */
export async function problemsSeen(page: Page): Promise<string> {
  const link = page.locator('#status\\.problems a');
  const count = (await link.count()) ? await link.first().getAttribute('aria-label') : null;
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  return `Problems panel rows: ${rows.length ? rows.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ') : '(none)'}; status bar: ${count ?? '?'}`;
}

/** Saves the active editor. */
export async function save(page: Page): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+S');
  await pollFor('the editor to be saved', async () => !(await page.locator('.tabs-container .tab.active.dirty').count()), 10_000, {
    seen: () => tabTitles(page),
  });
}

/** The editor tabs' titles, the active one marked, for failure messages. */
export async function tabTitles(page: Page): Promise<string> {
  const tabs = page.locator('.tabs-container .tab');
  const titles: string[] = [];
  for (let i = 0; i < (await tabs.count()); i++) {
    const tab = tabs.nth(i);
    const cls = (await tab.getAttribute('class')) ?? '';
    titles.push(`${/\bactive\b/.test(cls) ? '[active] ' : ''}${/\bdirty\b/.test(cls) ? '[dirty] ' : ''}${(await tab.innerText()).trim()}`);
  }
  return titles.length ? titles.join(' | ') : '(no editor tabs)';
}

/**
 * Applies the code action titled `title` from the light-bulb menu (opened with Ctrl+.) by keyboard: VS Code 1.100's
 * menu lies under a pointer-blocking layer that swallows clicks, while arrow keys and Enter work in every version.
 */
export async function applyCodeAction(page: Page, title: string): Promise<void> {
  const menu = page.locator('.action-widget').first();
  const rows = page.locator('.action-widget .monaco-list-row.action');
  // The server may still be computing the actions (or the light bulb said "no code actions" before it had them):
  // ask again while no menu is open.
  let asked = 0;
  await pollFor(`the code action "${title}" in the light-bulb menu`, async () => {
    if (!(await menu.isVisible()) && Date.now() - asked > scaled(1_000)) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+.');
      asked = Date.now();
      return false;
    }
    return (await rows.allInnerTexts()).some((t) => t.includes(title));
  }, 10_000, { seen: async () => `menu: ${(await rows.allInnerTexts()).join(' | ') || '(none)'}; editor: ${await visibleEditorText(page)}` });
  const count = await rows.count();
  for (let i = 0; i <= count; i++) {
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    if ((await focused.count()) && (await focused.first().innerText()).includes(title)) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: scaled(10_000) });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not focus the code action "${title}" among: ${(await rows.allInnerTexts()).join(' | ')}`);
}

/**
 * Brings the workbench to a known state so that one step's failure does not spill into the next: no dialogs, menus,
 * hovers or quick inputs, no modal editor, no open editors (changes discarded), no notifications, the panel hidden
 * and the Explorer in the side bar. The workspace's files are reset separately (VsCodeSession.resetWorkspace).
 */
export async function resetWorkbench(page: Page): Promise<void> {
  note('resetting the workbench');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
  await closeModalEditor(page);
  await closeAllEditors(page);
  const toasts = page.locator('.notifications-toasts .notification-toast:visible, .notifications-center .notification-list-item:visible');
  if (await toasts.count()) {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await pollFor('the notifications to be cleared', async () => (await toasts.count()) === 0, 10_000, {
      seen: async () => (await toasts.allInnerTexts()).join(' | '),
    });
  }
  if (await page.locator('.part.panel').isVisible()) {
    await runCommand(page, 'View: Hide Panel');
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: scaled(10_000) });
  }
  if (!(await page.locator('.explorer-folders-view').isVisible())) {
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: scaled(10_000) });
  }
}

/** Closes every editor of every group, answering "Don't Save" where one has unsaved changes. */
export async function closeAllEditors(page: Page): Promise<void> {
  const tabs = page.locator('.tabs-container .tab');
  if (!(await tabs.count())) return;
  await runCommand(page, 'View: Close All Editors');
  const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.?t Save/ });
  let polls = 0;
  await pollFor('every editor to close', async () => {
    if (await dontSave.count()) {
      note('answering "Don\'t Save"');
      await dontSave.first().click();
    } else if (++polls % 50 === 0 && (await tabs.count())) {
      // VS Code 1.139 can leave the user settings.json open and dirty with no dialog (it rewrites the file once after
      // start-up while the clean start restores it): revert and close whatever editor is still active.
      note(`still open: ${await tabTitles(page)}; reverting and closing the active editor`);
      await runCommand(page, 'View: Revert and Close Editor');
    }
    return (await tabs.count()) === 0;
  }, 15_000, { seen: async () => `${await tabTitles(page)}; dialog: ${(await page.locator('.monaco-dialog-box').allInnerTexts()).join(' | ') || '(none)'}` });
}

/** The document inside the webview whose outer iframe's title or the tab matches; VS Code nests two iframes. */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
}
