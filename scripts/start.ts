// `npm start`: the extension in a real VS Code on a fresh machine. Packages the .vsix, installs code-server once
// into .cache/vscode/, installs the .vsix into a private extensions folder, opens examples/ with the tiny T5 set
// for the playground, prints the URL, and stops everything on Ctrl+C. Nothing is written under the home folder.
// Options: --port N (or TASKMIX_PORT; default 8080, 0 = any free port), --vscode oldest|newest (default oldest).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installVsix, prepareState, startCodeServer } from './vscode/codeServer';
import { ensureCodeServer } from './vscode/install';
import { CACHE_ROOT, REPO_ROOT, vsixPath } from './vscode/paths';
import { selectTargets } from './vscode/targets';
import { ensureTinyModel } from './vscode/tinyModel';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const portText = option('port') ?? process.env.TASKMIX_PORT ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${portText}"`);
  const [target] = selectTargets(option('vscode') ?? 'oldest');

  console.log('packaging the extension (npm run package)');
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (packaged.status !== 0) throw new Error('npm run package failed');

  const install = await ensureCodeServer(target!);
  const tinyModel = ensureTinyModel();
  // A fixed folder (not a temp one), so the editor keeps its layout between runs; it lives in the git-ignored cache.
  const state = prepareState(join(CACHE_ROOT, `start-${target!.id}`), {
    'taskmix.playground.model': tinyModel,
  });
  await installVsix(install, state, vsixPath());
  const server = await startCodeServer(install, state, { folder: join(REPO_ROOT, 'examples'), port });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  console.log(`\nTaskMix in VS Code ${target!.vscode} (code-server ${target!.codeServer}): ${server.url}`);
  console.log(`examples/ is open; the playground uses the tiny test T5 at ${tinyModel}`);
  console.log(`code-server's log: ${server.logFile}\nPress Ctrl+C to stop.`);
}

main().catch((err: unknown) => {
  console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
