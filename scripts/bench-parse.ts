// Parser benchmark: a keystroke inside a task of a 1,000- and a 10,000-task file (update + result), and a
// full MixtureDocument build against yaml's own parseDocument on the same text.
// Run: node esbuild.mjs --only=scripts/bench-parse,scripts/gen-mixture && node out/scripts/bench-parse.js

import { parseDocument } from 'yaml';
import { MixtureDocument } from '../server/src/core/parse';
import { generateMixtureText } from './gen-mixture';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(xs: number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** CPU time of the process in ms (includes GC threads): less skewed than wall time on a busy machine. */
function cpuTime(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** A seeded offset picker, so runs are comparable. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function benchEdits(text: string, edits: number, viaLsp: boolean) {
  const doc = new MixtureDocument(text);
  doc.result();
  const random = lcg(42);
  const times: number[] = [];
  const cpu: number[] = [];
  let reparsed = 0;
  let full = 0;
  for (let i = 0; i < edits; i++) {
    // Type one digit into the `examples:` value of a random task: the text grows, so later tasks move.
    const current = doc.text;
    let at = current.indexOf('examples: ', Math.floor(random() * current.length));
    if (at < 0) at = current.indexOf('examples: ');
    at += 'examples: '.length;
    const digit = String(Math.floor(random() * 10));
    const edit = () => {
      if (viaLsp) doc.applyEdits([{ range: [at, at], text: digit }]);
      else doc.update(current.slice(0, at) + digit + current.slice(at));
      doc.result();
    };
    let wall = 0;
    cpu.push(cpuTime(() => (wall = time(edit))));
    times.push(wall);
    reparsed += doc.stats.reparsedPieces;
    if (doc.stats.fullParse) full++;
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95), cpu: median(cpu), reparsed: reparsed / edits, full };
}

function benchBuild(text: string, runs: number) {
  const doc: number[] = [];
  const yaml: number[] = [];
  for (let i = 0; i < runs; i++) {
    yaml.push(time(() => parseDocument(text)));
    doc.push(time(() => new MixtureDocument(text).result()));
  }
  return { doc: median(doc), yaml: median(yaml) };
}

function main(): void {
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  for (const [tasks, edits, runs] of [
    [1_000, 300, 7],
    [10_000, 100, 5],
  ]) {
    const text = generateMixtureText(tasks, 1);
    // Warm up the JIT on a small file first, so the first measurements are not compile time.
    benchEdits(generateMixtureText(100, 2), 50, true);
    const build = benchBuild(text, runs);
    console.log(`${tasks} tasks (${(text.length / 1024).toFixed(0)} KiB)`);
    console.log(
      `  full build: MixtureDocument ${fmt(build.doc)}, yaml.parseDocument ${fmt(build.yaml)}, ratio ${(build.doc / build.yaml).toFixed(2)}`,
    );
    for (const viaLsp of [true, false]) {
      const r = benchEdits(text, edits, viaLsp);
      console.log(
        `  one-digit edit in a task via ${viaLsp ? 'applyEdits   ' : 'update(text) '}: median ${fmt(r.median)}, p95 ${fmt(r.p95)}, median CPU ${fmt(r.cpu)}` +
          ` (${r.reparsed.toFixed(2)} pieces re-parsed per edit, ${r.full} full parses in ${edits})`,
      );
    }
  }
}

main();
