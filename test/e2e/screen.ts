// What was on screen when a step failed, as text for its failure message: the editor tabs and the active editor's
// visible lines, the Problems panel's rows, notifications, dialogs, quick inputs, hovers, and each webview's text.
import type { Page } from 'playwright-core';

const MAX_PART = 1_500;

// Runs in the workbench page. A string, because this project compiles without the DOM library.
const WORKBENCH_PARTS = `(() => {
  const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (el) => (el.innerText || '').replace(/\\u00a0/g, ' ').replace(/[ \\t]+/g, ' ').trim();
  const all = (sel) => Array.from(document.querySelectorAll(sel)).filter(visible);
  const parts = [];
  const tabs = all('.tabs-container .tab').map((t) =>
    (t.classList.contains('active') ? '[active] ' : '') + (t.classList.contains('dirty') ? '[dirty] ' : '') + text(t).replace(/\\s+/g, ' '));
  parts.push(['editor tabs', tabs.length ? tabs.join(' | ') : '(none)']);
  const editor = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
  if (visible(editor)) parts.push(['active editor (visible lines)', text(editor)]);
  const markers = document.querySelector('.markers-panel');
  if (visible(markers)) {
    const rows = all('.markers-panel .monaco-list-row').map((r) => text(r).replace(/\\s+/g, ' '));
    parts.push(['Problems panel', rows.length ? rows.join('\\n') : '(no rows)']);
  }
  const problems = document.querySelector('#status\\\\.problems');
  if (problems) parts.push(['status bar problems', (problems.querySelector('a') || problems).getAttribute('aria-label') || text(problems)]);
  const mode = document.querySelector('#status\\\\.editor\\\\.mode');
  if (visible(mode)) parts.push(['status bar language', text(mode)]);
  for (const sel of ['.notifications-toasts .notification-toast', '.notifications-center .notification-list-item']) {
    const items = all(sel).map((n) => text(n).replace(/\\s+/g, ' '));
    if (items.length) parts.push(['notifications', items.join('\\n')]);
  }
  for (const [name, sel] of [['dialog', '.monaco-dialog-box'], ['hover', '.monaco-hover'], ['menu', '.action-widget'],
    ['modal editor', '.monaco-modal-editor-block'], ['settings editor', '.settings-editor']]) {
    const items = all(sel).map(text).filter(Boolean);
    if (items.length) parts.push([name, items.join('\\n')]);
  }
  const quick = document.querySelector('.quick-input-widget');
  if (visible(quick)) {
    const input = quick.querySelector('input');
    parts.push(['quick input', 'value: ' + JSON.stringify(input ? input.value : '') + '\\n' + text(quick)]);
  }
  const side = document.querySelector('.part.sidebar .composite.title');
  if (visible(side)) parts.push(['side bar', text(side)]);
  return parts;
})()`;

/** The visible text of the workbench's parts and of every webview, one labelled block each. */
export async function describeScreen(page: Page): Promise<string> {
  if (page.isClosed()) return '(the page was closed)';
  const blocks: string[] = [];
  try {
    const parts = (await page.evaluate(WORKBENCH_PARTS)) as [string, string][];
    for (const [name, text] of parts) blocks.push(`[${name}]\n${clip(text)}`);
  } catch (err) {
    blocks.push(`[workbench] unreadable: ${String(err).split('\n')[0]}`);
  }
  // Webviews are two nested iframes; the inner one holds the view's document.
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || !frame.parentFrame() || frame.parentFrame() === page.mainFrame()) continue;
    const view = await frame.evaluate(`(() => ({ title: document.title, text: document.body ? document.body.innerText : '' }))()`)
      .catch(() => undefined) as { title: string; text: string } | undefined;
    if (!view || !view.text.trim()) continue;
    blocks.push(`[webview "${view.title}"]\n${clip(view.text.replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim())}`);
  }
  return blocks.join('\n');
}

function clip(text: string): string {
  return text.length > MAX_PART ? `${text.slice(0, MAX_PART)}… (${text.length - MAX_PART} more characters)` : text;
}
