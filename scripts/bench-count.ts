// Counting speed on a 1 GB JSON Lines file: countExamples against `wc -l` on the same file, in the same run.
// Usage: node esbuild.mjs --only=scripts/bench-count && node out/scripts/bench-count.js [sizeInMB] [--single]
// The file is written into the OS temp folder and deleted at the end. Target: countExamples <= 1.5x wc -l.
// countExamples runs with its defaults: on more than one core a file this large is counted in parallel ranges;
// --single measures it on one thread (`parallel: false`) for comparison.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { countExamples } from '../server/src/core/data';

const args = process.argv.slice(2);
const single = args.includes('--single');
const sizeMB = Number(args.find((a) => !a.startsWith('--')) ?? 1000);
const rounds = 5;

/** GLUE/SQuAD-like records: 60-600 byte lines with a blank line now and then. Returns the records written. */
function writeJsonl(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let records = 0;
  try {
    while (written < bytes) {
      const lines: string[] = [];
      let blockBytes = 0;
      while (blockBytes < 8 << 20) {
        const i = records + lines.length;
        const sentence = `sentence ${i} ${'lorem ipsum dolor sit amet '.repeat(2 + (i % 20))}`;
        const line = JSON.stringify({ idx: i, sentence, label: i % 2, answers: { text: [`a${i}`] } });
        lines.push(line);
        blockBytes += line.length + 1;
      }
      records += lines.length;
      const block = Buffer.from(`${lines.join('\n')}\n\n`);
      writeSync(fd, block);
      written += block.length;
    }
  } finally {
    closeSync(fd);
  }
  return records;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-'));
  const path = join(dir, 'bench.jsonl');
  try {
    const started = performance.now();
    const records = writeJsonl(path, sizeMB * 1e6);
    console.log(`wrote ${records} records (${sizeMB} MB) in ${seconds(performance.now() - started)}: ${path}`);

    const wcTimes: number[] = [];
    const countTimes: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Same file, page cache warm for both after the first round; alternate so neither gets a systematic edge.
      const wcStart = performance.now();
      const wc = spawnSync('wc', ['-l', path], { encoding: 'utf8' });
      const wcMs = performance.now() - wcStart;
      if (wc.status !== 0) throw new Error(`wc -l failed: ${wc.stderr}`);

      const countStart = performance.now();
      const outcome = await countExamples(path, single ? { parallel: false } : {});
      const countMs = performance.now() - countStart;
      if (!outcome.ok) throw new Error(`countExamples failed: ${outcome.message}`);
      if (outcome.count !== records) throw new Error(`countExamples counted ${outcome.count}, expected ${records}`);

      console.log(`round ${round + 1}: wc -l ${seconds(wcMs)} (${wc.stdout.trim().split(/\s+/)[0]} lines)   countExamples ${seconds(countMs)} (${outcome.count} examples)`);
      wcTimes.push(wcMs);
      countTimes.push(countMs);
    }
    const bestWc = Math.min(...wcTimes);
    const bestCount = Math.min(...countTimes);
    const [medianWc, medianCount] = [median(wcTimes), median(countTimes)];
    console.log(`best:   wc -l ${seconds(bestWc)}, countExamples ${seconds(bestCount)}, ratio ${(bestCount / bestWc).toFixed(2)}x (target <= 1.5x)`);
    console.log(`median: wc -l ${seconds(medianWc)}, countExamples ${seconds(medianCount)}, ratio ${(medianCount / medianWc).toFixed(2)}x`);
    console.log(`countExamples throughput: ${((sizeMB / bestCount) * 1000).toFixed(0)} MB/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
