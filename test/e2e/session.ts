// One VS Code under test: code-server of a target version with the packaged .vsix installed, a copy of examples/
// as its workspace, and headless Chromium on it. Everything lives in one temp folder, removed at the end.
// Starting it also measures the figure every wait is scaled from (pace.ts): how long the workbench takes to start.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { installVsix, prepareState, startCodeServer, type CodeServerState, type RunningCodeServer } from '../../scripts/vscode/codeServer';
import { ensureCodeServer, type CodeServerInstall } from '../../scripts/vscode/install';
import { readManifest, REPO_ROOT, vsixPath } from '../../scripts/vscode/paths';
import type { VsCodeTarget } from '../../scripts/vscode/targets';
import { ensureTinyModel } from '../../scripts/vscode/tinyModel';
import { applyPace, launchBrowser, RESULTS_DIR, type Browser } from './browser';
import { calibrate, paceNote } from './pace';
import { openWorkbench } from './workbench';

/** The environment variable naming the file that tells the extension-host suite the measured pace. */
export const PACE_FILE_ENV = 'TASKMIX_E2E_PACE_FILE';

export interface VsCodeSession {
  target: VsCodeTarget;
  install: CodeServerInstall;
  state: CodeServerState;
  server: RunningCodeServer;
  browser: Browser;
  /** the opened folder: a fresh copy of examples/ */
  workspace: string;
  /** how long the workbench took to start when the session began: what every wait is scaled from */
  workbenchStartMs: number;
  /** the folder the .vsix was unpacked into by code-server */
  extensionDir: string;
  tinyModel: string;
  /**
   * Puts the workspace back as it was copied (files changed, added or removed by a step) and the user settings as
   * written at the start; returns the paths it changed, relative to the state folder. Call with no editor open.
   */
  resetWorkspace(): string[];
  /** Keeps code-server's log in test-results/ (on failure), stops everything, removes the temp folder. */
  stop(keepLogs: boolean): Promise<void>;
}

/** The packaged extension: TASKMIX_VSIX, or the .vsix `npm run package` wrote. */
export function packagedVsix(): string {
  const vsix = process.env.TASKMIX_VSIX ?? vsixPath();
  if (!existsSync(vsix)) throw new Error(`no ${vsix}: run \`npm run package\` first (npm run test:e2e does)`);
  return vsix;
}

export async function startSession(target: VsCodeTarget, log: (line: string) => void): Promise<VsCodeSession> {
  const install = await ensureCodeServer(target, log);
  const tinyModel = ensureTinyModel(log);
  const root = mkdtempSync(join(tmpdir(), `taskmix-e2e-${target.id}-`));
  const workspace = join(root, 'workspace');
  // The pristine copy each step's workspace is reset from (examples/ itself may change while the tests run).
  const pristine = join(root, 'pristine');
  cpSync(join(REPO_ROOT, 'examples'), pristine, { recursive: true });
  cpSync(pristine, workspace, { recursive: true });
  const paceFile = join(root, 'pace.json');
  const state = prepareState(join(root, 'state'), {
    'editor.inlayHints.enabled': 'on',
    'editor.hover.delay': 150,
    'taskmix.playground.model': tinyModel,
    'taskmix.playground.device': 'wasm',
    // Above the GLUE fine-tune's 9.8 epochs of wnli: the flows that expect the example clean stay so.
    'taskmix.diminishingRepeats': 10,
  });
  const settingsFile = join(state.userDataDir, 'User', 'settings.json');
  const settings = readFileSync(settingsFile, 'utf8');
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    await installVsix(install, state, packagedVsix());
    const { publisher, name, version } = readManifest();
    const extensionDir = join(state.extensionsDir, `${publisher}.${name}-${version}`);
    if (!existsSync(join(extensionDir, 'package.json'))) throw new Error(`the .vsix did not install into ${extensionDir}`);
    server = await startCodeServer(install, state, {
      folder: workspace,
      extraArgs: target.testArgs,
      env: { [PACE_FILE_ENV]: paceFile },
    });
    browser = await launchBrowser();
    // The measured figure: a cold workbench start in this browser, page load until the explorer lists the files.
    const t0 = Date.now();
    const probe = await openWorkbench(browser.context, server.url);
    const workbenchStartMs = Date.now() - t0;
    await probe.close();
    const factor = calibrate(workbenchStartMs);
    applyPace(browser.context);
    writeFileSync(paceFile, JSON.stringify({ factor, workbenchStartMs }));
    log(paceNote());
    const running = server;
    const openBrowser = browser;
    return {
      target, install, state, server, browser, workspace, workbenchStartMs, extensionDir, tinyModel,
      resetWorkspace() {
        const changed = syncTree(pristine, workspace).map((p) => relative(root, p));
        if (readFileSync(settingsFile, 'utf8') !== settings) {
          writeFileSync(settingsFile, settings);
          changed.push(relative(root, settingsFile));
        }
        return changed;
      },
      async stop(keepLogs) {
        await openBrowser.close();
        await running.stop();
        if (keepLogs) {
          mkdirSync(RESULTS_DIR, { recursive: true });
          cpSync(running.logFile, join(RESULTS_DIR, `${target.id}-code-server.log`));
          const hostLogs = join(state.userDataDir, 'logs');
          if (existsSync(hostLogs)) cpSync(hostLogs, join(RESULTS_DIR, `${target.id}-vscode-logs`), { recursive: true });
        }
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

/** Makes `dest` hold exactly what `src` holds, rewriting only what differs; returns the paths it changed. */
function syncTree(src: string, dest: string): string[] {
  const changed: string[] = [];
  const wanted = new Set(readdirSync(src));
  for (const name of readdirSync(dest)) {
    if (!wanted.has(name)) {
      rmSync(join(dest, name), { recursive: true, force: true });
      changed.push(join(dest, name));
    }
  }
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const from = join(src, entry.name);
    const to = join(dest, entry.name);
    if (entry.isDirectory()) {
      if (existsSync(to) && !isDirectory(to)) rmSync(to, { force: true });
      mkdirSync(to, { recursive: true });
      changed.push(...syncTree(from, to));
    } else if (!existsSync(to) || isDirectory(to)) {
      rmSync(to, { recursive: true, force: true });
      cpSync(from, to);
      changed.push(to);
    } else if (!readFileSync(from).equals(readFileSync(to))) {
      // Rewritten in place: a delete and create would look like a different file to VS Code's watcher.
      writeFileSync(to, readFileSync(from));
      changed.push(to);
    }
  }
  return changed;
}

function isDirectory(path: string): boolean {
  return statSync(path).isDirectory();
}
