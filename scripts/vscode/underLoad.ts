// `node out/scripts/vscode/underLoad.js [--busy N] -- COMMAND [ARGS...]`: runs COMMAND (e.g. `node
// scripts/run-tests.mjs e2e`) while N busy-loop processes (default 8) load the machine, the way a shared CI machine
// is loaded, then reports the load average seen and how long the command took. The loops end however the command
// ends (exit, failure, Ctrl+C, SIGTERM). Exits with the command's status.
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';

function parseArgs(argv: string[]): { busy: number; command: string[] } {
  const dashes = argv.indexOf('--');
  const own = dashes < 0 ? [] : argv.slice(0, dashes);
  const command = dashes < 0 ? argv : argv.slice(dashes + 1);
  const i = own.indexOf('--busy');
  const busy = i < 0 ? 8 : Number(own[i + 1]);
  if (!Number.isInteger(busy) || busy < 0 || command.length === 0) {
    console.error('usage: node out/scripts/vscode/underLoad.js [--busy N] -- COMMAND [ARGS...]');
    process.exit(2);
  }
  return { busy, command };
}

const { busy, command } = parseArgs(process.argv.slice(2));
const loops: ChildProcess[] = [];
const endLoops = (): void => {
  for (const loop of loops) {
    if (loop.exitCode === null && loop.signalCode === null) {
      try { loop.kill('SIGKILL'); } catch { /* already gone */ }
    }
  }
};
process.on('exit', endLoops);

for (let i = 0; i < busy; i++) {
  loops.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}
console.log(`[under-load] ${busy} busy loops (pids ${loops.map((l) => l.pid).join(' ')}); load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const samples: number[] = [];
const sampler = setInterval(() => samples.push(loadavg()[0]!), 5_000);
const started = Date.now();
const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    child.kill(signal);
    endLoops();
  });
}
child.on('exit', (code, signal) => {
  clearInterval(sampler);
  endLoops();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  // The first minute is the 1-minute average still climbing: the mean is over the samples after it.
  const settled = samples.slice(12);
  const mean = settled.length ? settled.reduce((a, b) => a + b, 0) / settled.length : NaN;
  const max = samples.length ? Math.max(...samples) : NaN;
  console.log(`[under-load] ${command.join(' ')}: ${signal ?? `exit ${code}`} after ${seconds} s; 1-minute load average `
    + `mean ${mean.toFixed(1)} (after the first minute), max ${max.toFixed(1)}, at the end ${loadavg()[0]!.toFixed(1)}`);
  process.exit(code ?? 1);
});
