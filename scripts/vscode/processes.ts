// Child processes around code-server: a private environment, logged runs, and process groups killed for sure.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Environment for every process started around code-server: HOME and XDG_* point into `stateDir`, so that nothing
 * is written under the user's home folder (code-server writes there even for `--version`).
 */
export function privateEnv(stateDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  for (const d of ['home', 'config', 'data', 'cache', 'tmp']) mkdirSync(join(stateDir, d), { recursive: true });
  return {
    ...process.env,
    HOME: join(stateDir, 'home'),
    XDG_CONFIG_HOME: join(stateDir, 'config'),
    XDG_DATA_HOME: join(stateDir, 'data'),
    XDG_CACHE_HOME: join(stateDir, 'cache'),
    TMPDIR: join(stateDir, 'tmp'),
    // No marketplace calls and no "cannot reach the gallery" toast.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

const liveGroups = new Set<number>();

/** Kills a detached child's whole process group (code-server forks an extension host, a file watcher, ...). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function killAllGroups(): void {
  for (const pid of liveGroups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  }
  liveGroups.clear();
}

let exitHookInstalled = false;
/** Starts a child in its own process group, which is killed when this process exits, however it exits. */
export function spawnGroup(cmd: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllGroups);
  }
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) {
    const pid = child.pid;
    liveGroups.add(pid);
    child.on('exit', () => liveGroups.delete(pid));
  }
  return child;
}

/** Runs a command to completion, its output saved to `logFile`; rejects with the last lines of that output. */
export function runLogged(
  cmd: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs?: number },
): Promise<string> {
  const { cwd, env, logFile, timeoutMs = 15 * 60_000 } = options;
  return new Promise((resolve, reject) => {
    mkdirSync(dirname(logFile), { recursive: true });
    const chunks: Buffer[] = [];
    const child = spawnGroup(cmd, args, { cwd, env });
    child.stdout?.on('data', (b: Buffer) => chunks.push(b));
    child.stderr?.on('data', (b: Buffer) => chunks.push(b));
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; killGroup(child); }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      writeFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${text}`);
      if (code === 0) return resolve(text);
      const why = timedOut ? `timed out after ${timeoutMs / 1000} s` : signal ?? `exit ${code}`;
      const tail = text.split('\n').slice(-25).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${why}); log: ${logFile}\n${tail}`));
    });
  });
}
