// `npm run bench:core`: the core's speed figures, each against a reference measured in the same run
// (these machines are noisy, so ratios matter more than milliseconds). Prints; asserts nothing.
//   1. a one-line edit inside a task, then check + rates, in-process (MixtureProject.applyEdits + analyze)
//   2. a full check + rates from scratch vs `yaml`'s own parseDocument on the same text
//   3. counting a generated 1 GB JSONL vs `wc -l` (scripts/bench-count.ts; skip with --no-count)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { MixtureProject } from '../server/src/core/analyze';
import { generateMixtureText } from './gen-mixture';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function benchEdits(n: number, iterations: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-'));
  try {
    const file = join(dir, `bench-${n}.mixture.yaml`);
    let text = generateMixtureText(n, 7);
    writeFileSync(file, text);
    const project = new MixtureProject();
    project.setText(file, text);
    const first = await project.analyze(file);
    if (!first.rates) throw new Error(`the generated file has errors: ${first.diagnostics.slice(0, 3).map((d) => d.message).join('; ')}`);
    // Warm up the JIT on the edit path before measuring.
    const times: number[] = [];
    const examplesAt: number[] = [];
    for (let i = text.indexOf('examples: '); i >= 0; i = text.indexOf('examples: ', i + 1)) examplesAt.push(i + 'examples: '.length);
    for (let k = 0; k < iterations + 20; k++) {
      const pos = examplesAt[(k * 7919) % examplesAt.length]!;
      // Replace the first digit of a task's `examples` with another non-zero digit: a one-line edit.
      const old = text[pos]!;
      const digit = String(((Number(old) + 1) % 9) + 1);
      const t0 = performance.now();
      project.applyEdits(file, [{ range: [pos, pos + 1], text: digit }]);
      const a = await project.analyze(file);
      const t1 = performance.now();
      text = text.slice(0, pos) + digit + text.slice(pos + 1);
      if (!a.rates) throw new Error('an edit made the file invalid');
      if (k >= 20) times.push(t1 - t0);
    }
    console.log(
      `edit -> check + rates, ${n} tasks (${(text.length / 1e6).toFixed(2)} MB): median ${fmt(quantile(times, 0.5))}, p95 ${fmt(quantile(times, 0.95))}` +
        `  (target: median < ${n <= 1000 ? '3' : '30'} ms)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchFull(n: number, rounds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-'));
  try {
    const file = join(dir, `full-${n}.mixture.yaml`);
    const text = generateMixtureText(n, 11);
    writeFileSync(file, text);
    const ours: number[] = [];
    const yamlTimes: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so that neither side always runs on a warmer heap.
      const runOurs = async () => {
        const t0 = performance.now();
        const project = new MixtureProject();
        project.setText(file, text);
        const a = await project.analyze(file);
        ours.push(performance.now() - t0);
        if (!a.rates) throw new Error('the generated file has errors');
      };
      const runYaml = () => {
        const t0 = performance.now();
        parseDocument(text);
        yamlTimes.push(performance.now() - t0);
      };
      if (r % 2 === 0) {
        await runOurs();
        runYaml();
      } else {
        runYaml();
        await runOurs();
      }
    }
    const o = quantile(ours, 0.5);
    const y = quantile(yamlTimes, 0.5);
    console.log(`full check + rates from scratch, ${n} tasks: ${fmt(o)} vs yaml parseDocument ${fmt(y)} -> ratio ${(o / y).toFixed(2)}x  (target <= 1.3x)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  await benchEdits(1000, quick ? 30 : 200);
  await benchEdits(10000, quick ? 10 : 60);
  await benchFull(1000, quick ? 3 : 9);
  await benchFull(10000, quick ? 3 : 5);
  if (!process.argv.includes('--no-count')) {
    const r = spawnSync(process.execPath, [join(__dirname, 'bench-count.js'), ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
