// `npm run bench:large`: the CLI on a generated mixture of 100,000 tasks (scripts/gen-mixture.ts), against the time
// `yaml` takes just to parse the same file. Each leg is a fresh process (node started, the file read, the work
// done), run in interleaved rounds; the medians and their ratio are printed with the load average, since these
// machines are shared and noisy. Prints; asserts nothing. Target: `check` and `rates` within 1.5x of the parse.
//   node out/scripts/bench-large.js [N_TASKS] [ROUNDS]    (defaults: 100000 tasks, 3 rounds)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateMixtureText } from './gen-mixture';

const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

/** `yaml` alone, as a process: read the file and parse it (what the CLI cannot be faster than by much). */
const YAML_ONLY = "const {parseDocument}=require('yaml');parseDocument(require('fs').readFileSync(process.argv[1],'utf8'));";

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Wall time of one process, in ms; throws when it fails (a refusal or an error must not pass for a time). */
function timed(what: string, args: string[], okStatus = 0): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (r.status !== okStatus) throw new Error(`${what} exited with ${r.status}: ${(r.stderr || r.stdout).slice(0, 500)}`);
  return ms;
}

function main(): void {
  const n = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-large-'));
  try {
    const file = join(dir, `generated-${n}.mixture.yaml`);
    writeFileSync(file, generateMixtureText(n, 1));
    const mb = statSync(file).size / 1e6;
    console.log(`bench:large: ${n.toLocaleString('en')} tasks, ${mb.toFixed(1)} MB; ${rounds} interleaved rounds; load average before: ${load()}`);
    const times = { yaml: [] as number[], check: [] as number[], rates: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      // The order turns each round, so that a slow spell of the machine does not always hit the same leg.
      const legs: [keyof typeof times, () => number][] = [
        ['yaml', () => timed('yaml parse', ['-e', YAML_ONLY, file])],
        ['check', () => timed('taskmix check', [cli, 'check', file])],
        ['rates', () => timed('taskmix rates', [cli, 'rates', '--json', file])],
      ];
      for (let k = 0; k < legs.length; k++) {
        const [name, run] = legs[(k + round) % legs.length]!;
        const ms = run();
        times[name].push(ms);
        console.log(`  round ${round + 1}: ${name.padEnd(5)} ${(ms / 1000).toFixed(2)} s   (load ${load()})`);
      }
    }
    const yaml = median(times.yaml);
    for (const name of ['check', 'rates'] as const) {
      const ms = median(times[name]);
      console.log(`taskmix ${name}: median ${(ms / 1000).toFixed(2)} s vs yaml parse ${(yaml / 1000).toFixed(2)} s: ${(ms / yaml).toFixed(2)}x (target <= 1.5x)`);
    }
    console.log(`load average after: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
