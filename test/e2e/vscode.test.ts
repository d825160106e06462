// End-to-end: the packaged .vsix in real VS Codes (code-server in headless Chromium), oldest and newest, one after
// the other. Each failing step leaves a screenshot and the DOM in test-results/e2e/.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/vscode/paths';
import { selectTargets } from '../../scripts/vscode/targets';
import { pollFor, RESULTS_DIR, saveEvidence } from './browser';
import { runExtensionHostSuite } from './extensionHost';
import { startSession, type VsCodeSession } from './session';
import { balancePreviewFlow } from './flows/balancePreview';
import { evaluateTaskFlow } from './flows/evaluateTask';
import { exportFlow } from './flows/exportMixture';
import { playgroundFlow } from './flows/playground';
import { activeEditor, applyCodeAction, goToLine, languageMode, openFile, openWorkbench, problemRows, replaceLine, save, visibleEditorText } from './workbench';

const GLUE = 'glue.mixture.yaml';
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { languages: { id: string; aliases?: string[] }[] };
};
const languageName = manifest.contributes.languages.find((l) => l.id === 'mixture-yaml')?.aliases?.[0] ?? 'mixture-yaml';
const glueText = readFileSync(join(REPO_ROOT, 'examples', GLUE), 'utf8');
const glueLines = glueText.split('\n');
/** 1-based line of the first line holding `text` in the GLUE example. */
const lineOf = (text: string): number => {
  const i = glueLines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`the GLUE example has no line with ${text}`);
  return i + 1;
};

// Evidence of an earlier run would be mistaken for this one's.
rmSync(RESULTS_DIR, { recursive: true, force: true });

for (const target of selectTargets(process.env.TASKMIX_E2E_VSCODE)) {
  // A backstop only (every wait has its own timeout): a fresh clone installs code-server in `before`, minutes.
  describe(`VS Code ${target.vscode} (code-server ${target.codeServer})`, { timeout: 25 * 60_000 }, () => {
    let session: VsCodeSession;
    let page: Page;
    let failed = false;

    /** A step: on failure, its evidence is saved before the error propagates. */
    const step = (name: string, timeoutMs: number, body: () => Promise<void>): void => {
      it(name, { timeout: timeoutMs }, async () => {
        try {
          await body();
        } catch (err) {
          failed = true;
          if (page) await saveEvidence(page, `${target.id}-${name}`);
          throw err;
        }
      });
    };

    before(async () => {
      const t0 = Date.now();
      session = await startSession(target, (line) => console.log(`[${target.id}] ${line}`));
      console.log(`[${target.id}] code-server up with the .vsix installed in ${Date.now() - t0} ms`);
    }, { timeout: 15 * 60_000 });

    after(async () => {
      await session?.stop(failed);
    }, { timeout: 60_000 });

    // First, while no editor state exists yet: the extension host's own view (activation, diagnostics, commands).
    it('extension-host suite: activation, diagnostics, registered commands', { timeout: 180_000 }, async () => {
      const run = await runExtensionHostSuite(session);
      for (const line of run.log.filter((l) => l.includes('[taskmix-e2e]'))) console.log(`[${target.id}] ${line}`);
      if (run.exitCode !== 0) failed = true;
      assert.equal(run.exitCode, 0, `the mocha suite failed inside VS Code:\n${run.log.join('\n')}`);
    });

    step('opens the workbench', 90_000, async () => {
      page = await openWorkbench(session.browser.context, session.server.url);
    });

    step('GLUE example: TaskMix language, rates as inlay hints, no problems', 60_000, async () => {
      await openFile(page, GLUE);
      await pollFor(`the language mode "${languageName}"`, async () => (await languageMode(page)) === languageName, 15_000);
      // Inlay hints right after the task names (VS Code 1.139 renders no space before them): a rate in percent.
      await pollFor('rates as inlay hints', async () => /name: cola\W*\d+(\.\d+)?\s?%/.test(await visibleEditorText(page)), 20_000);
      const rows = await problemRows(page);
      assert.deepEqual(rows, [], 'the Problems panel is empty');
    });

    step('a duplicate prefix is reported at the line, and its quick fix repairs the file', 60_000, async () => {
      const line = lineOf('prefix: "sst2 sentence:"');
      await replaceLine(page, line, 'prefix: "cola sentence:"');
      const typed = Date.now();
      // The issue asks for the error within 2 s of typing.
      const rows = await pollFor('the duplicate-prefix error in the Problems panel', async () => {
        const r = await problemRows(page);
        return r.some((t) => t.includes('duplicate-prefix') && t.includes(`Ln ${line},`)) ? r : undefined;
      }, 2_000);
      console.log(`[${target.id}] duplicate-prefix shown ${Date.now() - typed} ms after typing`);
      assert.ok(rows.some((t) => t.includes(`Ln ${lineOf('prefix: "cola sentence:"')},`)), 'the other task is flagged too');

      // Cursor inside the new prefix, then the light bulb's quick fix.
      await goToLine(page, line);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await applyCodeAction(page, 'Set the prefix to "sst2:"');
      await pollFor('the Problems panel to be empty again', async () => (await problemRows(page)).length === 0, 10_000);
      await save(page);
      const expected = glueLines.map((l, i) => (i === line - 1 ? l.replace('"sst2 sentence:"', '"sst2:"') : l)).join('\n');
      assert.equal(readFileSync(join(session.workspace, GLUE), 'utf8'), expected);
    });

    step('hovering a task shows its rate and formula', 30_000, async () => {
      await activeEditor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      const nameLine = activeEditor(page).locator('.view-line', { hasText: 'name: cola' }).first();
      await nameLine.getByText('cola', { exact: true }).first().hover();
      const hover = page.locator('.monaco-hover:visible, .monaco-resizable-hover:visible').first();
      const text = await pollFor('a hover with the rate formula', async () => {
        const t = (await hover.innerText().catch(() => '')).replace(/\s+/g, ' ');
        return t.includes('8551') && t.includes('^(1/2)') ? t : undefined;
      }, 10_000);
      assert.match(text, /\d+(\.\d+)?\s?%/, `the hover shows the rate in percent: ${text}`);
    });

    const log = (line: string): void => console.log(`[${target.id}] ${line}`);

    step('Balance Preview: heatmap drawn, the temperature slider changes the rates, Apply to file edits the YAML', 90_000, async () => {
      // The hover of the step before would cover the editor's title bar.
      await page.keyboard.press('Escape');
      await balancePreviewFlow(page, join(session.workspace, GLUE), log);
    });

    step('Playground: the mixture\'s tasks, a run on the tiny T5 with tokens/s, a broken model\'s error', 180_000, async () => {
      await playgroundFlow(page, {
        mixturePath: join(session.workspace, GLUE),
        tinyModel: session.tinyModel,
        scratch: session.state.root,
        log,
      });
    });

    step('Evaluate task: the lens scores sst2\'s eval records as `taskmix eval` does, Write to results edits the score', 180_000, async () => {
      await evaluateTaskFlow(page, {
        mixturePath: join(session.workspace, 'small-with-data.mixture.yaml'),
        scratch: session.state.root,
        log,
      });
    });

    step('Export Mixture As... seqio writes what `taskmix export` prints', 60_000, async () => {
      await exportFlow(page, join(session.workspace, GLUE));
    });
  });
}
