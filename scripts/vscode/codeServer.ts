// Starting code-server on loopback with private state, installing a .vsix into it, and stopping it for sure.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { CodeServerInstall } from './install';
import { killGroup, privateEnv, runLogged, spawnGroup } from './processes';

/** The folders one code-server instance keeps its state in, all under `root`. */
export interface CodeServerState {
  root: string;
  userDataDir: string;
  extensionsDir: string;
}

/** Lays out private state folders under `root` (a temp or cache folder), with user settings written. */
export function prepareState(root: string, settings: Record<string, unknown>): CodeServerState {
  const state = { root, userDataDir: join(root, 'user'), extensionsDir: join(root, 'extensions') };
  mkdirSync(join(state.userDataDir, 'User'), { recursive: true });
  mkdirSync(state.extensionsDir, { recursive: true });
  writeFileSync(join(state.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  return state;
}

/** Settings that keep a fresh VS Code from covering the editor with welcome pages, tips, trust prompts and chat. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'files.autoSave': 'off',
};

/** Installs a .vsix into the state's extensions folder with code-server's own CLI. */
export async function installVsix(install: CodeServerInstall, state: CodeServerState, vsix: string): Promise<void> {
  await runLogged(install.nodeBin, [install.entry, ...stateArgs(state), '--install-extension', vsix, '--force'], {
    cwd: state.root,
    env: privateEnv(join(state.root, 'env')),
    logFile: join(state.root, 'install-extension.log'),
    // Before the session's pace is measured (test/e2e/pace.ts): room for a heavily loaded machine.
    timeoutMs: 5 * 60_000,
  });
}

function stateArgs(state: CodeServerState): string[] {
  return ['--user-data-dir', state.userDataDir, '--extensions-dir', state.extensionsDir, '--config', join(state.root, 'config.yaml')];
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for code-server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('the OS gave no port'))));
    });
  });
}

export interface RunningCodeServer {
  /** e.g. http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  /** code-server's stdout and stderr */
  logFile: string;
  /** Stops code-server and everything it started (extension hosts, watchers); idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** 0 or absent: any free port */
  port?: number;
  /** the folder opened in the workbench */
  folder: string;
  /** extra environment for code-server and its extension hosts */
  env?: Record<string, string>;
  /** more code-server arguments (e.g. the target's testArgs) */
  extraArgs?: readonly string[];
  /** how long to wait for /healthz (default 3 minutes: it runs before any pace is measured, so loaded machines need room) */
  timeoutMs?: number;
}

const DEFAULT_START_TIMEOUT_MS = 3 * 60_000;

/** Starts code-server on 127.0.0.1 without auth, telemetry or update checks, and waits until /healthz answers. */
export async function startCodeServer(install: CodeServerInstall, state: CodeServerState, options: StartOptions): Promise<RunningCodeServer> {
  const port = options.port || (await freePort());
  const logFile = join(state.root, 'code-server.log');
  const log = createWriteStream(logFile);
  const args = [
    install.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...stateArgs(state),
    ...(options.extraArgs ?? []),
    options.folder,
  ];
  const child = spawnGroup(install.nodeBin, args, { cwd: state.root, env: privateEnv(join(state.root, 'env'), options.env ?? {}) });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) => child.on('exit', (code, signal) => {
    exited = signal ?? `exit ${code}`;
    resolve();
  }));
  const stop = async (): Promise<void> => {
    if (exited === null) {
      killGroup(child, 'SIGTERM');
      const killed = await Promise.race([exit.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!killed) killGroup(child, 'SIGKILL');
    }
    // Whatever the main process forked is in its group too; make sure none outlives it.
    killGroup(child, 'SIGKILL');
    await exit;
    log.end();
  };
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  for (;;) {
    if (exited !== null) throw new Error(`code-server stopped at start (${exited}); see ${logFile}`);
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(10_000) });
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}healthz within ${(options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS) / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, logFile, stop };
}
