// npm run bench:materialize: `taskmix materialize` on 1 GB of generated JSON Lines in 5 tasks, 1,000,000 examples,
// against `cat` of the same bytes in the same run (the floor: reading the data and nothing else). Prints the ratio,
// the CLI's peak memory (max RSS) and the load average beside them, since a busy machine moves both timings.
// Nothing is asserted: timings depend on the machine. Options: --gb=N (data size), --examples=N, --keep (leave the
// generated data in the temporary folder and print where).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../contracts/random';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const totalBytes = Math.round(Number(arg('gb') ?? 1) * 1e9);
const examples = Number(arg('examples') ?? 1_000_000);
const keep = process.argv.includes('--keep');
const repo = resolve(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

// Five tasks of different sizes and record lengths, as a T5 mixture has (a big QA set, a small classification one...).
const tasks = [
  { name: 'qa', prefix: 'question:', share: 0.4, words: 180 },
  { name: 'summarize', prefix: 'summarize:', share: 0.25, words: 320 },
  { name: 'nli', prefix: 'mnli hypothesis:', share: 0.2, words: 40 },
  { name: 'translate', prefix: 'translate English to German:', share: 0.1, words: 60 },
  { name: 'cola', prefix: 'cola sentence:', share: 0.05, words: 12 },
];
const vocabulary = ('the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no will more can its also into only than other new some could ' +
  'time these two may then do first any my now such like our over man me even most made after also did many before must through ' +
  'back years where much your way well down should because each just those people how too little state good very make world still').split(' ');

function generate(dir: string): { files: string[]; mixture: string; bytes: number } {
  const random = mulberry32(20240607);
  const phrases = Array.from({ length: 4096 }, () => Array.from({ length: 8 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(' '));
  const files: string[] = [];
  let bytes = 0;
  for (const task of tasks) {
    const path = join(dir, `${task.name}.jsonl`);
    const fd = openSync(path, 'w');
    const target = Math.round(totalBytes * task.share);
    let written = 0;
    let batch: string[] = [];
    let batchBytes = 0;
    while (written + batchBytes < target) {
      // Phrases of 8 words from a pool keep generation fast; records still differ in length and content.
      const length = Math.max(1, Math.round((task.words / 8) * (0.5 + random())));
      const words: string[] = [];
      for (let i = 0; i < length; i++) words.push(phrases[Math.floor(random() * phrases.length)]!);
      const answer = vocabulary[Math.floor(random() * vocabulary.length)]!;
      const line = JSON.stringify({ id: files.length * 1e9 + written + batchBytes, input: words.join(' '), target: answer }) + '\n';
      batch.push(line);
      batchBytes += line.length;
      if (batchBytes > 1 << 22) {
        writeSync(fd, batch.join(''));
        written += batchBytes;
        batch = [];
        batchBytes = 0;
      }
    }
    writeSync(fd, batch.join(''));
    closeSync(fd);
    files.push(path);
    bytes += statSync(path).size;
  }
  const mixture = join(dir, 'bench.mixture.yaml');
  writeFileSync(
    mixture,
    ['mixture: bench', 'sampling:', '  strategy: temperature', '  temperature: 2', 'tasks:',
      ...tasks.flatMap((t) => [`  - name: ${t.name}`, `    prefix: "${t.prefix}"`, `    data: ${t.name}.jsonl`])].join('\n') + '\n',
  );
  return { files, mixture, bytes };
}

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function catFloor(files: string[]): number {
  // Through a pipe into wc: `cat > /dev/null` is answered by the kernel without copying the bytes, which is no floor.
  return seconds(() => {
    const r = spawnSync('sh', ['-c', `cat ${files.map((f) => `'${f}'`).join(' ')} | wc -c`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cat failed: ${r.stderr}`);
  });
}

function main(): void {
  if (!statSync(cli, { throwIfNoEntry: false })) throw new Error(`${cli} is missing: build it (npm run bench:materialize does)`);
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-materialize-'));
  try {
    const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${load()}`);
    let data!: ReturnType<typeof generate>;
    const generated = seconds(() => (data = generate(dir)));
    console.log(`generated ${(data.bytes / 1e9).toFixed(2)} GB of JSON Lines in ${tasks.length} tasks in ${generated.toFixed(1)} s`);

    const catBefore = catFloor(data.files);
    const rssFile = join(dir, 'maxrss');
    const preload = join(dir, 'maxrss.js');
    // The CLI's own peak resident memory and CPU time, written as it exits (maxRSS in KiB, CPU times in µs). CPU time
    // says more than wall time on a shared machine, where the load average shows how much of the CPUs it got.
    writeFileSync(preload, `process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify([u.maxRSS, u.userCPUTime, u.systemCPUTime])); });\n`);
    const loadBefore = load();
    let result!: ReturnType<typeof spawnSync>;
    const out = join(dir, 'mixed.jsonl');
    const materializeSeconds = seconds(() => {
      result = spawnSync(process.execPath, ['--require', preload, cli, 'materialize', data.mixture, '--out', out, '--examples', String(examples), '--seed', '1', '--json', '--progress', 'none'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
    });
    const loadAfter = load();
    if (result.status !== 0) throw new Error(`materialize failed (${result.status}): ${String(result.stderr)}`);
    const catAfter = catFloor(data.files);
    const floor = Math.min(catBefore, catAfter);
    const report = JSON.parse(String(result.stdout)) as { files: { bytes: number }[]; tasks: { name: string; examples: number; epochs: number }[] };
    const [maxRss, userMicros, systemMicros] = JSON.parse(readFileSync(rssFile, 'utf8')) as [number, number, number];
    const maxRssMb = maxRss / 1024;
    console.log(`tasks: ${report.tasks.map((t) => `${t.name} ${t.examples} (${t.epochs.toFixed(2)} ep)`).join(', ')}`);
    console.log(`output: ${(report.files[0]!.bytes / 1e9).toFixed(2)} GB, ${examples.toLocaleString('en-US')} examples`);
    console.log(`cat | wc -c of the same ${(data.bytes / 1e9).toFixed(2)} GB: ${catBefore.toFixed(2)} s before, ${catAfter.toFixed(2)} s after (floor ${floor.toFixed(2)} s)`);
    console.log(`materialize: ${materializeSeconds.toFixed(2)} s = ${(materializeSeconds / floor).toFixed(2)}x the floor (CPU: ${(userMicros / 1e6).toFixed(2)} s user + ${(systemMicros / 1e6).toFixed(2)} s system)`);
    console.log(`peak memory (max RSS of the CLI): ${maxRssMb.toFixed(0)} MB`);
    console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${loadAfter} after`);
    if (keep) console.log(`data kept in ${dir}`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main();
