import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { makeFifo } from './helpers/dataFiles';

const repo = resolve(__dirname, '..', '..', '..');
const examples = join(repo, 'examples');

async function cli(argv: string[], cwd = examples): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'taskmix-cli-'));
}

const GLUE_SIZES: Record<string, number> = {
  cola: 8551, sst2: 67349, mrpc: 3668, qqp: 363846, stsb: 5749, mnli: 392702, qnli: 104743, rte: 2490, wnli: 635,
};

test('check: every example passes (exit 0); the T5 GLUE fine-tune repeats its three smallest tasks past 4 epochs', async () => {
  const r = await cli(['check', 'glue.mixture.yaml', 'multilingual-unimax.mixture.yaml', 'nested.mixture.yaml', 'small-with-data.mixture.yaml', 'translation.mixture.yaml']);
  assert.equal(r.code, 0, r.out + r.err);
  // 4096 x 128 examples at T = 2: mrpc 4.09, rte 4.96 and wnli 9.83 epochs (diminishing returns past 4, spec 1.1).
  assert.deepEqual(r.out.trim().split('\n').map((l) => l.replace(/:\d+:\d+: warning diminishing-repeats: Task `(\w+)`.*/, ' $1')), ['glue.mixture.yaml mrpc', 'glue.mixture.yaml rte', 'glue.mixture.yaml wnli']);
  assert.match(r.err, /0 error\(s\), 3 warning\(s\) in 5 file\(s\)/);
});

test('check: file:line:col: severity code: message, exit 1 on errors', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'dup.mixture.yaml'), 'mixture: m\ntasks:\n  - name: a\n    prefix: "x:"\n    examples: 1\n  - name: b\n    prefix: "x:"\n    examples: 2\n');
    const r = await cli(['check', 'dup.mixture.yaml'], dir);
    assert.equal(r.code, 1);
    const line = r.out.split('\n').find((l) => l.includes('duplicate-prefix') && l.includes(':7:'));
    assert.ok(line, r.out);
    assert.match(line!, /^dup\.mixture\.yaml:7:13: error duplicate-prefix: /);
    const json = await cli(['check', '--json', 'dup.mixture.yaml'], dir);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.out) as { files: { file: string; diagnostics: { code: string; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string }[] }[] };
    assert.equal(parsed.files.length, 1);
    const d = parsed.files[0]!.diagnostics.find((x) => x.code === 'duplicate-prefix' && x.line === 7)!;
    assert.deepEqual([d.severity, d.line, d.column, d.endLine, d.endColumn], ['error', 7, 13, 7, 17]);
    assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'line', 'message', 'severity']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check: warnings alone exit 0', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'w.mixture.yaml'), 'mixture: m\ntasks:\n  - name: a\n    prefix: "no colon"\n    examples: 1\n');
    const r = await cli(['check', 'w.mixture.yaml'], dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /w\.mixture\.yaml:4:13: warning prefix-missing-colon: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rates --json: the exact shape, rates sum to 1, T5 GLUE numbers', async () => {
  const r = await cli(['rates', 'glue.mixture.yaml', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), ['mixture', 'strategy', 'examples_drawn', 'tasks', 'balance']);
  assert.equal(j.mixture, 'glue_t5');
  assert.equal(j.strategy, 'temperature');
  assert.equal(j.examples_drawn, 4096 * 128);
  assert.deepEqual(Object.keys(j.balance), ['entropy', 'normalized_entropy', 'effective_tasks', 'max_min_ratio', 'gini', 'kl_uniform', 'kl_proportional']);
  const raws = Object.fromEntries(Object.entries(GLUE_SIZES).map(([k, n]) => [k, Math.sqrt(Math.min(n, 2 ** 21))]));
  const total = Object.values(raws).reduce((a, b) => a + b, 0);
  let sum = 0;
  for (const t of j.tasks) {
    assert.deepEqual(Object.keys(t), ['name', 'via', 'prefix', 'examples', 'raw', 'rate', 'epochs', 'tokens', 'tokens_estimated', 'token_share', 'effective_epochs']);
    // No tokenizer and no `tokens`: the token figures are null, effective epochs follow from the epochs.
    assert.deepEqual([t.tokens, t.token_share], [null, null]);
    assert.ok(t.effective_epochs <= t.epochs);
    assert.deepEqual(t.via, ['glue_t5']);
    assert.ok(Math.abs(t.raw - raws[t.name]!) < 1e-9);
    assert.ok(Math.abs(t.rate - raws[t.name]! / total) < 1e-12);
    assert.ok(Math.abs(t.epochs - (4096 * 128 * t.rate) / GLUE_SIZES[t.name]!) < 1e-9);
    sum += t.rate;
  }
  assert.ok(Math.abs(sum - 1) < 1e-12);
});

test('rates: overrides are what-ifs on the file (the file is untouched)', async () => {
  const before = readFileSync(join(examples, 'glue.mixture.yaml'), 'utf8');
  const uniform = JSON.parse((await cli(['rates', 'glue.mixture.yaml', '--strategy', 'uniform', '--json'])).out);
  for (const t of uniform.tasks) assert.ok(Math.abs(t.rate - 1 / 9) < 1e-12);
  const t4 = JSON.parse((await cli(['rates', 'glue.mixture.yaml', '--temperature', '4', '--json'])).out);
  const raw4 = (n: number) => Math.min(n, 2 ** 21) ** 0.25;
  const total4 = Object.values(GLUE_SIZES).reduce((a, n) => a + raw4(n), 0);
  const wnli = t4.tasks.find((t: { name: string }) => t.name === 'wnli');
  assert.ok(Math.abs(wnli.rate - raw4(635) / total4) < 1e-12);
  const capped = JSON.parse((await cli(['rates', 'glue.mixture.yaml', '--strategy', 'proportional', '--cap', '100000', '--json'])).out);
  const mnli = capped.tasks.find((t: { name: string }) => t.name === 'mnli');
  const capTotal = Object.values(GLUE_SIZES).reduce((a, n) => a + Math.min(n, 100000), 0);
  assert.ok(Math.abs(mnli.rate - 100000 / capTotal) < 1e-12);
  assert.equal(readFileSync(join(examples, 'glue.mixture.yaml'), 'utf8'), before);
});

test('rates: the table shows task, examples, rate %, epochs and the balance figures', async () => {
  const r = await cli(['rates', 'glue.mixture.yaml']);
  assert.equal(r.code, 0);
  assert.match(r.out, /task\s+examples\s+rate\s+epochs/);
  assert.match(r.out, /^cola\s+8,551\s+4\.368%\s+2\.68$/m);
  assert.match(r.out, /normalized entropy 0\.\d{3}/);
});

test('rates: nested includes report the chain in via, and on errors print errors and exit 1', async () => {
  const nested = JSON.parse((await cli(['rates', 'nested.mixture.yaml', '--json'])).out);
  const de = nested.tasks.find((t: { name: string }) => t.name === 'wmt14_en_de');
  assert.deepEqual(de.via, ['t5_supervised_sample', 'wmt_t5']);
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'bad.mixture.yaml'), 'mixture: m\nsampling: {strategy: temprature}\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 3\n');
    const r = await cli(['rates', 'bad.mixture.yaml', '--json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /bad\.mixture\.yaml:2:22: error unknown-strategy: .*temperature/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rates: a what-if the file cannot support is reported as errors (exit 1), not thrown', async () => {
  const r = await cli(['rates', 'nested.mixture.yaml', '--strategy', 'unimax', '--json']);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /error unimax-needs-budget: .*needs a budget/);
  assert.match(r.err, /error rate-with-unimax: /);
});

test('compare: every strategy column, the file strategy marked', async () => {
  const r = await cli(['compare', 'glue.mixture.yaml', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const ids = j.columns.map((c: { id: string }) => c.id);
  for (const id of ['uniform', 'proportional', 'proportional-cap', 'temperature-2', 'temperature-4', 'temperature-8', 'sqrt']) assert.ok(ids.includes(id), id);
  assert.equal(j.columns.filter((c: { isFileStrategy: boolean }) => c.isFileStrategy).length, 1);
  const uni = await cli(['compare', 'multilingual-unimax.mixture.yaml', '--json']);
  assert.ok(JSON.parse(uni.out).columns.some((c: { id: string }) => c.id === 'unimax'));
  const table = await cli(['compare', 'glue.mixture.yaml']);
  assert.match(table.out, /\*/);
  assert.match(table.out, /^wnli\s/m);
});

test('export: seqio, hf, megatron and json agree with the rates', async () => {
  const rates = JSON.parse((await cli(['rates', 'small-with-data.mixture.yaml', '--json'])).out);
  const seqio = await cli(['export', 'small-with-data.mixture.yaml', '--format', 'seqio']);
  assert.equal(seqio.code, 0, seqio.err);
  assert.match(seqio.out, /seqio\.MixtureRegistry\.add\(/);
  const hf = await cli(['export', 'small-with-data.mixture.yaml', '--format', 'hf']);
  const probs = [...hf.out.matchAll(/^\s+([0-9.e-]+),\s+# \w+$/gm)].map((m) => Number(m[1]));
  assert.equal(probs.length, 3);
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  probs.forEach((p, i) => assert.ok(Math.abs(p - rates.tasks[i].rate) < 1e-9));
  const megatron = await cli(['export', 'small-with-data.mixture.yaml', '--format', 'megatron']);
  assert.match(megatron.out, /--data-path/);
  assert.match(megatron.out, /data\/sst2\.train/);
  const json = JSON.parse((await cli(['export', 'small-with-data.mixture.yaml', '--format', 'json'])).out);
  assert.equal(json.mixture, 'small_glue_with_data');
  const dir = tempDir();
  try {
    const out = join(dir, 'mix.py');
    const r = await cli(['export', join(examples, 'glue.mixture.yaml'), '--format', 'seqio', '--out', out], dir);
    assert.equal(r.code, 0);
    assert.match(readFileSync(out, 'utf8'), /glue_t5/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export: a Megatron blend without data paths is refused (exit 1, one line); zero-probability tasks are left out', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'nodata.mixture.yaml'), 'mixture: nodata\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n');
    const refused = await cli(['export', 'nodata.mixture.yaml', '--format', 'megatron'], dir);
    assert.equal(refused.code, 1);
    assert.equal(refused.out, '');
    assert.match(refused.err, /^nodata\.mixture\.yaml: error: mixture nodata cannot be exported for Megatron: no task has a `data` file, so --data-path would be empty; give the tasks `data:`/);
    assert.equal(refused.err.trimEnd().split('\n').length, 1, refused.err);
    writeFileSync(join(dir, 'a.jsonl'), '{"input": "x", "target": "y"}\n');
    writeFileSync(join(dir, 'zero.mixture.yaml'), 'mixture: zero\nsampling: {strategy: manual}\ntasks:\n  - name: a\n    prefix: "a:"\n    data: a.jsonl\n    rate: 1\n  - name: b\n    prefix: "b:"\n    data: a.jsonl\n    rate: 0\n');
    const blend = await cli(['export', 'zero.mixture.yaml', '--format', 'megatron'], dir);
    assert.equal(blend.code, 0, blend.err);
    assert.match(blend.out, /^--data-path 1 a$/m);
    assert.match(blend.out, /^# Left out, probability 0 .*: b$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sample: seeded, reproducible, JSON and CSV', async () => {
  const a = await cli(['sample', 'glue.mixture.yaml', '--steps', '200', '--batch', '8', '--seed', '7', '--json']);
  const b = await cli(['sample', 'glue.mixture.yaml', '--steps', '200', '--batch', '8', '--seed', '7', '--json']);
  assert.equal(a.code, 0, a.err);
  assert.equal(a.out, b.out);
  const sim = JSON.parse(a.out);
  const drawn = sim.tasks.reduce((s: number, t: { counts: number[] }) => s + t.counts[t.counts.length - 1]!, 0);
  assert.equal(drawn, 200 * 8);
  const csv = await cli(['sample', 'glue.mixture.yaml', '--steps', '50', '--csv']);
  assert.match(csv.out, /^step,task,count,epochs\n/);
  const table = await cli(['sample', 'glue.mixture.yaml', '--steps', '50']);
  assert.match(table.out, /step reaching 1 epoch/);
});

test('command-line errors: one clear line, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['check', 'nope.mixture.yaml'], /no such file: nope\.mixture\.yaml/],
    [['check'], /needs at least one mixture FILE/],
    [['rates', 'glue.mixture.yaml', '--strategy', 'fast'], /--strategy must be one of/],
    [['rates', 'glue.mixture.yaml', '--temprature', '2'], /unknown option '--temprature'/],
    [['rates', 'glue.mixture.yaml', '--temperature', 'x'], /--temperature needs a number/],
    [['rates', 'glue.mixture.yaml', '--temperature', '0'], /--temperature must be > 0/],
    [['export', 'glue.mixture.yaml'], /needs --format/],
    [['export', 'glue.mixture.yaml', '--format', 'csv'], /--format must be one of/],
    [['sample', 'glue.mixture.yaml'], /needs --steps/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['rates', 'data'], /is a directory/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, re, argv.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});

test('the built dist/cli.js: exit codes from a real process', () => {
  const bin = join(repo, 'dist', 'cli.js');
  const ok = spawnSync(process.execPath, [bin, 'check', 'glue.mixture.yaml'], { cwd: examples, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const usage = spawnSync(process.execPath, [bin, 'rates'], { cwd: examples, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  const dir = tempDir();
  try {
    mkdirSync(join(dir, 'x'));
    writeFileSync(join(dir, 'e.mixture.yaml'), 'mixture: [\n');
    const bad = spawnSync(process.execPath, [bin, 'check', 'e.mixture.yaml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /e\.mixture\.yaml:\d+:\d+: error yaml-syntax: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The built CLI in a child process, bounded in time and address space, so that a regression that reads
 *  /dev/zero or waits on a FIFO fails the test instead of hanging it or exhausting the machine's memory. */
function boundedCli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const bin = join(repo, 'dist', 'cli.js');
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const r = spawnSync('sh', ['-c', `ulimit -v 4000000; exec ${quoted}`], { cwd, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check --json over many files: a file nested 2,000 deep, includes of devices and FIFOs; every file is reported', { timeout: 120_000 }, () => {
  const dir = tempDir();
  const releases: (() => void)[] = [];
  try {
    let deep = 'mixture: deep\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\ndescription:\n';
    for (let i = 1; i <= 2000; i++) deep += `${' '.repeat(i)}x:\n`;
    deep += 'sampling: {strategy: uniform}\n';
    writeFileSync(join(dir, 'deep.mixture.yaml'), deep);
    writeFileSync(join(dir, 'ok.mixture.yaml'), 'mixture: fine\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 3\n');
    releases.push(makeFifo(join(dir, 'pipe.mixture.yaml')), makeFifo(join(dir, 'pipe.jsonl')));
    const devices = ['/dev/zero', '/dev/urandom'].filter((d) => existsSync(d));
    writeFileSync(
      join(dir, 'devices.mixture.yaml'),
      'mixture: devices\ntasks:\n' + [...devices, 'pipe.mixture.yaml'].map((p) => `  - include: ${p}\n`).join('') + '  - name: b\n    prefix: "b:"\n    data: pipe.jsonl\n',
    );
    const r = boundedCli(['check', '--json', 'deep.mixture.yaml', 'devices.mixture.yaml', 'ok.mixture.yaml'], dir);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { files: { file: string; diagnostics: { code: string; line: number; message: string }[] }[] };
    assert.deepEqual(out.files.map((f) => f.file), ['deep.mixture.yaml', 'devices.mixture.yaml', 'ok.mixture.yaml']);
    const [deepFile, devicesFile, okFile] = out.files;
    const tooDeep = deepFile!.diagnostics.find((d) => /nests more than \d+ levels/.test(d.message));
    assert.ok(tooDeep && tooDeep.code === 'yaml-syntax', JSON.stringify(deepFile));
    assert.ok(tooDeep.line > 100 && tooDeep.line < 150, `located at the level past the limit, not line ${tooDeep.line}`);
    const included = devicesFile!.diagnostics.filter((d) => d.code === 'include-missing');
    assert.deepEqual(included.map((d) => d.line), [...devices, 'pipe'].map((_, i) => 3 + i));
    assert.ok(included.every((d) => /character device|FIFO/.test(d.message)), JSON.stringify(included));
    assert.ok(devicesFile!.diagnostics.some((d) => d.code === 'data-file-unreadable' && /FIFO/.test(d.message)));
    assert.deepEqual(okFile!.diagnostics, []);
  } finally {
    for (const release of releases) release();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check and rates read a mixture over 4 MB (up to 32 MB); a FIFO given as FILE is a command-line error', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const release = makeFifo(join(dir, 'pipe.mixture.yaml'));
  try {
    const big = 'mixture: big\ndescription: "' + 'x'.repeat(5 * 1024 * 1024) + '"\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n  - name: b\n    prefix: "b:"\n    examples: 3\n';
    writeFileSync(join(dir, 'big.mixture.yaml'), big);
    const checked = await cli(['check', 'big.mixture.yaml'], dir);
    assert.equal(checked.code, 0, checked.out + checked.err);
    const rates = await cli(['rates', '--json', 'big.mixture.yaml'], dir);
    assert.equal(rates.code, 0, rates.err);
    assert.deepEqual((JSON.parse(rates.out) as { tasks: { rate: number }[] }).tasks.map((t) => t.rate), [0.25, 0.75]);
    const fifo = boundedCli(['check', 'pipe.mixture.yaml'], dir);
    assert.equal(fifo.status, 2, fifo.stderr);
    assert.match(fifo.stderr, /pipe\.mixture\.yaml is a FIFO \(named pipe\), not a regular file/);
  } finally {
    release();
    rmSync(dir, { recursive: true, force: true });
  }
});
