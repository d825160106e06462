// End-to-end: the packaged .vsix in real VS Codes (code-server in headless Chromium), oldest and newest, one after
// the other. Each failing step leaves a screenshot and the DOM in test-results/e2e/ and says in its message what was
// on screen. Every wait is scaled from the workbench's start time measured when the session starts (pace.ts), and
// every step starts clean (workbench and workspace reset, a fresh page after a failure), so a failure stays in its step.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/vscode/paths';
import { selectTargets } from '../../scripts/vscode/targets';
import { note, pollFor, RESULTS_DIR, saveEvidence, startTrail, trailText } from './browser';
import { runExtensionHostSuite } from './extensionHost';
import { paceNote, scaled } from './pace';
import { describeScreen } from './screen';
import { startSession, type VsCodeSession } from './session';
import { balancePreviewFlow } from './flows/balancePreview';
import { evaluateTaskFlow } from './flows/evaluateTask';
import { exportFlow } from './flows/exportMixture';
import { playgroundFlow } from './flows/playground';
import {
  activeEditor, applyCodeAction, goToLine, languageMode, openFile, openWorkbench, problemRows, problemsSeen, replaceLine, resetWorkbench, save,
  visibleEditorText,
} from './workbench';

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

/** The budget, on a quiet machine, of a step's clean start: opening a fresh workbench after a failure, and the resets. */
const CLEAN_START_QUIET_MS = 90_000;

/**
 * Runs `work`, failing once it has run past `quietMs` scaled to this machine's pace; whatever it still does then is
 * stopped by the step closing its page.
 */
async function withinBudget<T>(what: string, quietMs: number, work: () => Promise<T>): Promise<T> {
  const budgetMs = scaled(quietMs);
  let timer: NodeJS.Timeout | undefined;
  const running = work();
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} ran past its budget of ${budgetMs} ms; ${paceNote()}`)), budgetMs);
  });
  try {
    return await Promise.race([running, expired]);
  } catch (err) {
    running.catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

for (const target of selectTargets(process.env.TASKMIX_E2E_VSCODE)) {
  // A backstop only (every wait and every step has its own scaled budget): a fresh clone installs code-server in
  // `before`, minutes, and a loaded machine may run the whole stage several times slower.
  describe(`VS Code ${target.vscode} (code-server ${target.codeServer})`, { timeout: 90 * 60_000 }, () => {
    let session: VsCodeSession;
    /** The workbench the steps drive; undefined after a failure, so the next step opens a fresh one. */
    let page: Page | undefined;
    let failed = false;
    const log = (line: string): void => console.log(`[${target.id}] ${line}`);

    /** Opens a workbench page unless a live one is there; returns it. */
    const workbench = async (): Promise<Page> => {
      if (page && !page.isClosed()) return page;
      page = await openWorkbench(session.browser.context, session.server.url);
      return page;
    };

    /**
     * A step, given its budget on a quiet machine (scaled to this one's pace). Unless `fresh` is false it starts
     * clean, on a budget of its own: a workbench (a new one after a failure) with no editors, notifications, dialogs
     * or panel, and the workspace's files and the user settings as they were at the start. On failure its message
     * says what it did last and what was on screen, its evidence is saved, and its page is closed so that nothing it
     * left behind (or is still doing) reaches the next step.
     */
    const step = (name: string, quietBudgetMs: number, body: (page: Page) => Promise<void>, fresh = true): void => {
      it(name, async () => {
        const started = Date.now();
        startTrail();
        try {
          const p = await withinBudget('the clean start', CLEAN_START_QUIET_MS, async () => {
            const opened = await workbench();
            if (fresh) {
              await resetWorkbench(opened);
              const changed = session.resetWorkspace();
              if (changed.length) log(`clean start: reset ${changed.join(', ')}`);
            }
            return opened;
          });
          note('clean start done: the step itself');
          await withinBudget('the step', quietBudgetMs, () => body(p));
          log(`${name}: ${Date.now() - started} ms`);
        } catch (err) {
          failed = true;
          const failedPage = page;
          page = undefined;
          if (!failedPage || failedPage.isClosed()) throw err;
          const screen = await describeScreen(failedPage);
          const evidence = await saveEvidence(failedPage, `${target.id}-${name}`);
          await failedPage.close().catch(() => undefined);
          const message = err instanceof Error ? err.message : String(err);
          throw new Error(`${message}\n--- what the step did last ---\n${trailText()}`
            + `\n--- on screen when it failed (screenshot: ${evidence}.png, DOM: ${evidence}.html) ---\n${screen}`, { cause: err });
        }
      });
    };

    /** Opens `fileName` and waits until the server has analysed it (its language and its rates as inlay hints). */
    const openAnalysed = async (p: Page, fileName: string): Promise<void> => {
      await openFile(p, fileName);
      await pollFor(`the language mode "${languageName}"`, async () => (await languageMode(p)) === languageName, 15_000, {
        seen: async () => `language mode ${JSON.stringify(await languageMode(p))}`,
      });
      // Inlay hints right after the task names (VS Code 1.139 renders no space before them): a rate in percent.
      await pollFor('rates as inlay hints', async () => /name: cola\W*\d+(\.\d+)?\s?%/.test(await visibleEditorText(p)), 20_000, {
        seen: async () => `the editor's visible text:\n${await visibleEditorText(p)}`,
      });
    };

    before(async () => {
      const t0 = Date.now();
      session = await startSession(target, log);
      log(`code-server up with the .vsix installed in ${Date.now() - t0} ms`);
    }, { timeout: 30 * 60_000 });

    after(async () => {
      await session?.stop(failed);
    }, { timeout: 5 * 60_000 });

    // First, while no editor state exists yet: the extension host's own view (activation, diagnostics, commands).
    it('extension-host suite: activation, diagnostics, registered commands', async () => {
      const run = await runExtensionHostSuite(session);
      for (const line of run.log.filter((l) => l.includes('[taskmix-e2e]'))) log(line);
      if (run.exitCode !== 0) failed = true;
      assert.equal(run.exitCode, 0, `the mocha suite failed inside VS Code (${paceNote()}):\n${run.log.join('\n')}`);
    });

    // The workbench is opened by the step's clean start (fresh = false: nothing to reset yet).
    step('opens the workbench', 30_000, async () => undefined, false);

    step('GLUE example: TaskMix language, rates as inlay hints, no problems', 60_000, async (page) => {
      await openAnalysed(page, GLUE);
      const rows = await problemRows(page);
      assert.deepEqual(rows, [], 'the Problems panel is empty');
    });

    step('a duplicate prefix is reported at the line, and its quick fix repairs the file', 60_000, async (page) => {
      await openAnalysed(page, GLUE);
      await problemRows(page);
      const line = lineOf('prefix: "sst2 sentence:"');
      await replaceLine(page, line, 'prefix: "cola sentence:"');
      const typed = Date.now();
      const rows = await pollFor('the duplicate-prefix error in the Problems panel', async () => {
        const r = await problemRows(page);
        return r.some((t) => t.includes('duplicate-prefix') && t.includes(`Ln ${line},`)) ? r : undefined;
      }, 10_000, { seen: async () => `${await problemsSeen(page)}\nthe editor's visible text:\n${await visibleEditorText(page)}` });
      const latency = Date.now() - typed;
      // The issue asks for the error within 2 s of typing on a quiet machine. One measured figure scales it, so the
      // bound is twice that, scaled like every wait (and never below its floor); the figure itself is logged.
      const bound = scaled(4_000);
      log(`duplicate-prefix shown ${latency} ms after typing (target 2,000 ms on a quiet machine; ${paceNote()})`);
      assert.ok(latency <= bound, `the duplicate-prefix error took ${latency} ms to show, over 2 x 2 s scaled to this machine (${bound} ms; ${paceNote()})`);
      assert.ok(rows.some((t) => t.includes(`Ln ${lineOf('prefix: "cola sentence:"')},`)), `the other task is flagged too: ${rows.join(' | ')}`);

      // Cursor inside the new prefix, then the light bulb's quick fix.
      await goToLine(page, line);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await applyCodeAction(page, 'Set the prefix to "sst2:"');
      await pollFor('the Problems panel to be empty again', async () => (await problemRows(page)).length === 0, 10_000, {
        seen: async () => `${await problemsSeen(page)}\nthe editor's visible text:\n${await visibleEditorText(page)}`,
      });
      await save(page);
      const expected = glueLines.map((l, i) => (i === line - 1 ? l.replace('"sst2 sentence:"', '"sst2:"') : l)).join('\n');
      const onDisk = readFileSync(join(session.workspace, GLUE), 'utf8');
      assert.equal(onDisk, expected, `the saved file is the original with sst2's prefix set to "sst2:"`);
    });

    step('hovering a task shows its rate and formula', 30_000, async (page) => {
      await openAnalysed(page, GLUE);
      await activeEditor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      const nameLine = activeEditor(page).locator('.view-line', { hasText: 'name: cola' }).first();
      const word = nameLine.getByText('cola', { exact: true }).first();
      const hover = page.locator('.monaco-hover:visible, .monaco-resizable-hover:visible').first();
      let hovered = 0;
      const text = await pollFor('a hover with the rate formula', async () => {
        // A hover asked for before the server could answer may never fill in: while none shows, point again.
        if (!(await hover.count()) && Date.now() - hovered > scaled(1_500)) {
          await page.mouse.move(0, 0);
          await word.hover();
          hovered = Date.now();
        }
        const t = (await hover.innerText().catch(() => '')).replace(/\s+/g, ' ');
        return t.includes('8551') && t.includes('^(1/2)') ? t : undefined;
      }, 10_000, { seen: async () => `hover: ${JSON.stringify((await hover.allInnerTexts()).join(' | '))}` });
      assert.match(text, /\d+(\.\d+)?\s?%/, `the hover shows the rate in percent: ${text}`);
    });

    step('Balance Preview: heatmap drawn, the temperature slider changes the rates, Apply to file edits the YAML', 90_000, async (page) => {
      await balancePreviewFlow(page, join(session.workspace, GLUE), log);
    });

    step('Playground: the mixture\'s tasks, a run on the tiny T5 with tokens/s, a broken model\'s error', 180_000, async (page) => {
      await playgroundFlow(page, {
        mixturePath: join(session.workspace, GLUE),
        tinyModel: session.tinyModel,
        scratch: session.state.root,
        log,
      });
    });

    step('Evaluate task: the lens scores sst2\'s eval records as `taskmix eval` does, Write to results edits the score', 180_000, async (page) => {
      await evaluateTaskFlow(page, {
        mixturePath: join(session.workspace, 'small-with-data.mixture.yaml'),
        scratch: session.state.root,
        log,
      });
    });

    step('Export Mixture As... seqio writes what `taskmix export` prints', 60_000, async (page) => {
      await exportFlow(page, join(session.workspace, GLUE));
    });
  });
}
