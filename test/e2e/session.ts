// One VS Code under test: code-server of a target version with the packaged .vsix installed, a copy of examples/
// as its workspace, and headless Chromium on it. Everything lives in one temp folder, removed at the end.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVsix, prepareState, startCodeServer, type CodeServerState, type RunningCodeServer } from '../../scripts/vscode/codeServer';
import { ensureCodeServer, type CodeServerInstall } from '../../scripts/vscode/install';
import { readManifest, REPO_ROOT, vsixPath } from '../../scripts/vscode/paths';
import type { VsCodeTarget } from '../../scripts/vscode/targets';
import { ensureTinyModel } from '../../scripts/vscode/tinyModel';
import { launchBrowser, RESULTS_DIR, type Browser } from './browser';

export interface VsCodeSession {
  target: VsCodeTarget;
  install: CodeServerInstall;
  state: CodeServerState;
  server: RunningCodeServer;
  browser: Browser;
  /** the opened folder: a fresh copy of examples/ */
  workspace: string;
  /** the folder the .vsix was unpacked into by code-server */
  extensionDir: string;
  tinyModel: string;
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
  cpSync(join(REPO_ROOT, 'examples'), workspace, { recursive: true });
  const state = prepareState(join(root, 'state'), {
    'editor.inlayHints.enabled': 'on',
    'editor.hover.delay': 150,
    'taskmix.playground.model': tinyModel,
    'taskmix.playground.device': 'wasm',
  });
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    await installVsix(install, state, packagedVsix());
    const { publisher, name, version } = readManifest();
    const extensionDir = join(state.extensionsDir, `${publisher}.${name}-${version}`);
    if (!existsSync(join(extensionDir, 'package.json'))) throw new Error(`the .vsix did not install into ${extensionDir}`);
    server = await startCodeServer(install, state, { folder: workspace, extraArgs: target.testArgs });
    browser = await launchBrowser();
    const running = server;
    const openBrowser = browser;
    return {
      target, install, state, server, browser, workspace, extensionDir, tinyModel,
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
