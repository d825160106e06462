// `taskmix materialize` end to end on data files of every format TaskMix counts, and the plan behind it.
//
// Two behaviours come from seqio and are what the output is checked against:
// - T5's feature names `inputs` / `targets`: seqio/dataset_providers.py, `_DEFAULT_FEATURE_KEYS = ["inputs", "targets"]`
//   (line 52 at google/seqio@b898b9f992877cea2cda40dbc03597ea5cd4b08f).
// - Repeat, then shuffle, per task before mixing: `ds = ds.repeat(num_epochs)` (line 1663), then
//   `ds = ds.shuffle(shuffle_buffer_size, seed=seed)` "before mixing" (line 1683), same file and commit. So within a
//   task, a drawn count of c over R records uses every record floor(c/R) or ceil(c/R) times.
// The output is read the way `datasets.load_dataset("json", ...)` reads it: one JSON object per line, the same keys
// and value types on every line (huggingface/datasets@b7cb10b0e38ab8bbefdb142d0279bc85ac8c7ab8,
// src/datasets/packaged_modules/json/json.py, `paj.read_json` on the batch of lines, line 290).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../server/src/cli/main';
import { materializeTasks } from '../../server/src/cli/materializeCommand';
import { MixtureProject } from '../../server/src/core/analyze';
import { drawCounts, EpochShuffle, materialize, MixOrder, shardSizes } from '../../server/src/core/materialize';
import { MaterializeCancelMessage, parseProgressLine, type MaterializeReport } from '../../contracts/materialize';

const repo = resolve(__dirname, '..', '..', '..');
const bin = join(repo, 'dist', 'cli.js');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'taskmix-materialize-'));
}

/** Every input text of each task's records, by task: what the output's `inputs` must come from. */
type Fixture = { dir: string; inputs: Map<string, string[]>; prefixes: Map<string, string> };

/** A mixture of seven tasks, one per data format TaskMix counts (gzip included), with awkward but valid records. */
function writeFixture(dir: string): Fixture {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const inputs = new Map<string, string[]>();
  const prefixes = new Map<string, string>();
  const put = (task: string, prefix: string, texts: string[]): void => {
    inputs.set(task, texts);
    prefixes.set(task, prefix);
  };
  // JSON Lines with a blank line, CRLF endings, a numeric and a boolean target (T5 feeds them as Python's str()).
  // Texts that JSON must escape, or must not: quotes, a control character, a lone surrogate, U+2028, an emoji.
  const odd = ['say "hi" \\ back', 'bell \u0007 tab\t', 'lone \ud800 half', 'para\u2028graph', 'smile \ud83d\ude00'];
  const lines = Array.from({ length: 13 }, (_, i) => (i < odd.length ? odd[i]! : `line record ${i} é`));
  const jsonl = lines.map((text, i) => JSON.stringify({ input: text, target: i === 3 ? 1 : i === 4 ? true : `t${i}` }) + (i % 2 ? '\r\n' : '\n'));
  jsonl.splice(5, 0, '\n');
  writeFileSync(join(dir, 'data/lines.jsonl'), jsonl.join(''));
  put('lines', 'lines:', lines);
  // A pretty-printed JSON array.
  const array = Array.from({ length: 7 }, (_, i) => `array element ${i}`);
  writeFileSync(join(dir, 'data/array.json'), JSON.stringify(array.map((text) => ({ text, label: 'a' })), null, 2));
  put('array', 'array:', array);
  // CSV with a byte order mark, a quoted comma and a quoted line break.
  const table = ['plain one', 'with, comma', 'with\nline break', 'with "quotes"', 'plain five', 'plain six'];
  const csv = '\ufeffid,sentence,label\r\n' + table.map((t, i) => `${i},${/[,\n"]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t},lab${i}\r\n`).join('');
  writeFileSync(join(dir, 'data/table.csv'), csv);
  put('table', 'table:', table);
  const tabs = Array.from({ length: 5 }, (_, i) => `tab row ${i}`);
  writeFileSync(join(dir, 'data/tabs.tsv'), 'sentence\tlabel\n' + tabs.map((t) => `${t}\tyes\n`).join(''));
  put('tabs', 'tabs:', tabs);
  const gz = Array.from({ length: 9 }, (_, i) => `gzipped line ${i}`);
  writeFileSync(join(dir, 'data/gz.jsonl.gz'), gzipSync(gz.map((t) => JSON.stringify({ input: t, target: 'g' }) + '\n').join('')));
  put('gz', 'gz:', gz);
  const csvgz = Array.from({ length: 4 }, (_, i) => `gzipped csv ${i}`);
  writeFileSync(join(dir, 'data/csvgz.csv.gz'), gzipSync('sentence,label\n' + csvgz.map((t) => `"${t}",c\n`).join('')));
  put('csvgz', 'csvgz:', csvgz);
  const mixture = [
    'mixture: formats',
    'sampling:',
    '  strategy: uniform',
    'tasks:',
    '  - {name: lines, prefix: "lines:", data: data/lines.jsonl}',
    '  - {name: array, prefix: "array:", data: data/array.json, fields: {input: text, target: label}}',
    '  - {name: table, prefix: "table:", data: data/table.csv, fields: {input: sentence, target: label}}',
    '  - {name: tabs, prefix: "tabs:", data: data/tabs.tsv, fields: {input: sentence, target: label}}',
    '  - {name: gz, prefix: "gz:", data: data/gz.jsonl.gz}',
    '  - {name: csvgz, prefix: "csvgz:", data: data/csvgz.csv.gz, fields: {input: sentence, target: label}}',
  ];
  writeFileSync(join(dir, 'formats.mixture.yaml'), mixture.join('\n') + '\n');
  return { dir, inputs, prefixes };
}

/** Adds a parquet task (written by hyparquet-writer with row groups of 4 rows, so reading crosses row groups). */
async function addParquetTask(fixture: Fixture): Promise<void> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const questions = Array.from({ length: 11 }, (_, i) => `parquet question ${i}`);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'question', data: questions, type: 'STRING' },
      { name: 'label', data: questions.map((_, i) => i % 3), type: 'INT32' },
    ],
    rowGroupSize: 4,
  });
  writeFileSync(join(fixture.dir, 'data/rows.parquet'), Buffer.from(buffer));
  fixture.inputs.set('rows', questions);
  fixture.prefixes.set('rows', 'rows:');
  const path = join(fixture.dir, 'formats.mixture.yaml');
  writeFileSync(path, readFileSync(path, 'utf8') + '  - {name: rows, prefix: "rows:", data: data/rows.parquet, fields: {input: question, target: label}}\n');
}

interface Example {
  task: string;
  inputs: string;
  targets: string | string[];
}

function readJsonl(path: string): Example[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'the file ends with a line feed');
  return text.slice(0, -1).split('\n').map((line) => {
    const value = JSON.parse(line) as Example;
    assert.deepEqual(Object.keys(value), ['task', 'inputs', 'targets']);
    assert.equal(line, JSON.stringify(value), 'compact JSON, escaped exactly as JSON.stringify escapes');
    return value;
  });
}

/** Each task's examples come from its records, prefix joined, each record floor or ceil of count/records times. */
function checkDraws(examples: Example[], fixture: Fixture, counts: Map<string, number>): void {
  const used = new Map<string, Map<string, number>>();
  for (const e of examples) {
    const prefix = fixture.prefixes.get(e.task);
    assert.ok(prefix !== undefined, `unknown task ${e.task}`);
    assert.ok(e.inputs.startsWith(prefix + ' '), `${e.inputs} starts with the prefix ${prefix} and a space`);
    const input = e.inputs.slice(prefix.length + 1);
    assert.ok(fixture.inputs.get(e.task)!.includes(input), `${input} is a record of ${e.task}`);
    const perRecord = used.get(e.task) ?? new Map<string, number>();
    perRecord.set(input, (perRecord.get(input) ?? 0) + 1);
    used.set(e.task, perRecord);
  }
  for (const [task, count] of counts) {
    const records = fixture.inputs.get(task)!;
    const perRecord = used.get(task) ?? new Map<string, number>();
    const times = records.map((r) => perRecord.get(r) ?? 0);
    assert.equal(times.reduce((a, b) => a + b, 0), count, `${task}: ${count} examples`);
    const low = Math.floor(count / records.length);
    assert.ok(times.every((t) => t === low || t === low + 1), `${task}: each of ${records.length} records used ${low} or ${low + 1} times: ${times}`);
    assert.equal(times.filter((t) => t === low + 1).length, count % records.length, `${task}: ${count % records.length} records once more`);
  }
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('.') || name.includes('partial') || name.includes('spill'));
}

test('materialize: every format, T5 records, counts equal to `sample --steps N --batch 1`, epochs without replacement', async () => {
  const dir = tempDir();
  try {
    const fixture = writeFixture(dir);
    await addParquetTask(fixture);
    const r = await cli(['materialize', 'formats.mixture.yaml', '--out', 'out/mixed.jsonl', '--examples', '250', '--seed', '5', '--json', '--progress', 'none'], dir);
    // The output's folder does not exist yet: a located output error, and nothing left behind.
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /^out\/mixed\.jsonl: error: its folder .*out does not exist: create it first/m);
    mkdirSync(join(dir, 'out'));
    const ok = await cli(['materialize', 'formats.mixture.yaml', '--out', 'out/mixed.jsonl', '--examples', '250', '--seed', '5', '--json', '--progress', 'none'], dir);
    assert.equal(ok.code, 0, ok.err);
    const report = JSON.parse(ok.out) as MaterializeReport;
    assert.deepEqual(report.files, [{ path: 'out/mixed.jsonl', examples: 250, bytes: statSync(join(dir, 'out/mixed.jsonl')).size }]);
    const sample = await cli(['sample', 'formats.mixture.yaml', '--steps', '250', '--batch', '1', '--seed', '5', '--json'], dir);
    const sim = JSON.parse(sample.out) as { tasks: { name: string; counts: number[] }[] };
    const counts = new Map(sim.tasks.map((t) => [t.name, t.counts[t.counts.length - 1]!]));
    assert.deepEqual(new Map(report.tasks.map((t) => [t.name, t.examples])), counts);
    for (const t of report.tasks) assert.equal(t.records, fixture.inputs.get(t.name)!.length, t.name);
    const examples = readJsonl(join(dir, 'out/mixed.jsonl'));
    assert.equal(examples.length, 250);
    checkDraws(examples, fixture, counts);
    // Targets as T5 sees them: a JSON 1 is "1", true is "True"; CSV labels stay text.
    const lines = examples.filter((e) => e.task === 'lines');
    for (const e of lines) {
      const i = fixture.inputs.get('lines')!.indexOf(e.inputs.slice('lines: '.length));
      assert.equal(e.targets, i === 3 ? '1' : i === 4 ? 'True' : `t${i}`);
    }
    assert.ok(examples.some((e) => e.task === 'table' && e.inputs === 'table: with\nline break' && e.targets === 'lab2'));
    // Shuffled: the tasks are interleaved, not in blocks.
    const runs = examples.filter((e, i) => i > 0 && e.task !== examples[i - 1]!.task).length;
    assert.ok(runs > 100, `${runs} task changes in 250 examples`);
    assert.deepEqual(leftovers(join(dir, 'out')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize: the same seed gives the same bytes; shards are the same examples cut in order', async () => {
  const dir = tempDir();
  try {
    writeFixture(dir);
    const run = async (out: string, ...extra: string[]) => {
      const r = await cli(['materialize', 'formats.mixture.yaml', '--out', out, '--examples', '301', '--progress', 'none', ...extra], dir);
      assert.equal(r.code, 0, r.err);
    };
    await run('a.jsonl', '--seed', '9');
    await run('b.jsonl', '--seed', '9');
    await run('c.jsonl', '--seed', '10');
    await run('sharded.jsonl', '--seed', '9', '--shards', '4');
    const a = readFileSync(join(dir, 'a.jsonl'));
    assert.ok(a.equals(readFileSync(join(dir, 'b.jsonl'))), 'same seed, same bytes');
    assert.ok(!a.equals(readFileSync(join(dir, 'c.jsonl'))), 'another seed, another dataset');
    const names = ['sharded-00000-of-00004.jsonl', 'sharded-00001-of-00004.jsonl', 'sharded-00002-of-00004.jsonl', 'sharded-00003-of-00004.jsonl'];
    assert.ok(names.every((n) => existsSync(join(dir, n))), readdirSync(dir).join(', '));
    const shards = names.map((n) => readFileSync(join(dir, n)));
    assert.deepEqual(shards.map((s) => s.toString('utf8').split('\n').length - 1), shardSizes(301, 4));
    assert.deepEqual(shardSizes(301, 4), [76, 75, 75, 75]);
    assert.ok(Buffer.concat(shards).equals(a), 'the shards, in order, are the single file');
    assert.deepEqual(leftovers(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize: small windows and spill buckets give the same bytes as the defaults', async () => {
  const dir = tempDir();
  try {
    writeFixture(dir);
    const r = await cli(['materialize', 'formats.mixture.yaml', '--out', 'default.jsonl', '--examples', '500', '--seed', '3', '--progress', 'none'], dir);
    assert.equal(r.code, 0, r.err);
    const project = new MixtureProject();
    const analysis = await project.analyze(join(dir, 'formats.mixture.yaml'), { recordStarts: true });
    const counts = drawCounts(analysis.rates!, 500, 3);
    assert.ok(counts.ok);
    const prepared = await materializeTasks(project, analysis, counts.counts, 'train');
    assert.ok('tasks' in prepared);
    const phases = new Set<string>();
    const result = await materialize({
      tasks: prepared.tasks,
      examples: 500,
      seed: 3,
      out: join(dir, 'small.jsonl'),
      shards: 1,
      format: 'jsonl',
      force: false,
      windowPositions: 37,
      bucketBytes: 700,
      onProgress: (p) => phases.add(p.phase),
    });
    assert.equal(result.files[0]!.examples, 500);
    assert.ok(readFileSync(join(dir, 'small.jsonl')).equals(readFileSync(join(dir, 'default.jsonl'))));
    assert.ok(phases.has('writing'));
    assert.deepEqual(leftovers(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize --format parquet: hyparquet reads back the JSONL rows; list targets make a list column', async () => {
  const dir = tempDir();
  try {
    const fixture = writeFixture(dir);
    await addParquetTask(fixture);
    for (const args of [['--out', 'm.jsonl'], ['--out', 'm.parquet'], ['--out', 'm.parquet', '--shards', '2']]) {
      const r = await cli(['materialize', 'formats.mixture.yaml', '--examples', '120', '--seed', '1', '--progress', 'none', ...args], dir);
      assert.equal(r.code, 0, r.err);
    }
    const { asyncBufferFromFile, parquetReadObjects, parquetMetadataAsync } = await import('hyparquet');
    const rows = async (name: string) => parquetReadObjects({ file: await asyncBufferFromFile(join(dir, name)) });
    // Parquet text is UTF-8: a lone surrogate (valid in JSON as an escape) comes back as U+FFFD, as UTF-8 encoding makes it.
    const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');
    const expected = readJsonl(join(dir, 'm.jsonl')).map((e) => ({ ...e, inputs: utf8(e.inputs) }));
    assert.ok(expected.some((e) => e.inputs.includes('\ufffd')), 'the lone surrogate was drawn');
    assert.deepEqual(await rows('m.parquet'), expected);
    const shards = [...(await rows('m-00000-of-00002.parquet')), ...(await rows('m-00001-of-00002.parquet'))];
    assert.deepEqual(shards, expected);
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(join(dir, 'm-00001-of-00002.parquet')));
    assert.deepEqual(JSON.parse(metadata.key_value_metadata!.find((kv) => kv.key === 'taskmix')!.value!), {
      mixture: 'formats', split: 'train', seed: 1, examples: 120, shard: 1, shards: 2,
    });

    // SQuAD-style answers: lists stay lists; text targets of other tasks become one-element lists in parquet.
    writeFileSync(join(dir, 'data/squad.jsonl'), [0, 1, 2].map((i) => JSON.stringify({ q: `squad q${i}`, answers: { text: [`a${i}`, `b${i}`] } }) + '\n').join(''));
    writeFileSync(join(dir, 'qa.mixture.yaml'), 'mixture: qa\nsampling: {strategy: uniform}\ntasks:\n  - {name: squad, prefix: "question:", data: data/squad.jsonl, fields: {input: q, target: answers.text}}\n  - {name: gz, prefix: "gz:", data: data/gz.jsonl.gz}\n');
    const j = await cli(['materialize', 'qa.mixture.yaml', '--out', 'qa.jsonl', '--examples', '20', '--progress', 'none'], dir);
    assert.equal(j.code, 0, j.err);
    assert.match(j.err, /warning: some targets are lists and some are text/);
    const p = await cli(['materialize', 'qa.mixture.yaml', '--out', 'qa.parquet', '--examples', '20', '--progress', 'none'], dir);
    assert.equal(p.code, 0, p.err);
    const qa = readJsonl(join(dir, 'qa.jsonl'));
    assert.ok(qa.some((e) => e.task === 'squad' && Array.isArray(e.targets) && e.targets.length === 2));
    assert.deepEqual(await rows('qa.parquet'), qa.map((e) => ({ ...e, targets: Array.isArray(e.targets) ? e.targets : [e.targets] })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize --split eval: the records come from the `eval` files, with the same draws', async () => {
  const dir = tempDir();
  try {
    const fixture = writeFixture(dir);
    writeFileSync(
      join(dir, 'split.mixture.yaml'),
      'mixture: split\nsampling: {strategy: uniform}\ntasks:\n' +
        '  - {name: lines, prefix: "lines:", data: data/gz.jsonl.gz, eval: data/lines.jsonl}\n' +
        '  - {name: table, prefix: "table:", data: data/csvgz.csv.gz, eval: data/table.csv, fields: {input: sentence, target: label}}\n',
    );
    const train = await cli(['materialize', 'split.mixture.yaml', '--out', 'train.jsonl', '--examples', '40', '--seed', '2', '--json', '--progress', 'none'], dir);
    const evalRun = await cli(['materialize', 'split.mixture.yaml', '--out', 'eval.jsonl', '--examples', '40', '--seed', '2', '--json', '--split', 'eval', '--progress', 'none'], dir);
    assert.equal(train.code, 0, train.err);
    assert.equal(evalRun.code, 0, evalRun.err);
    const trainReport = JSON.parse(train.out) as MaterializeReport;
    const evalReport = JSON.parse(evalRun.out) as MaterializeReport;
    assert.equal(evalReport.split, 'eval');
    assert.deepEqual(evalReport.tasks.map((t) => t.examples), trainReport.tasks.map((t) => t.examples));
    assert.deepEqual(evalReport.tasks.map((t) => t.records), [13, 6]);
    checkDraws(readJsonl(join(dir, 'eval.jsonl')), fixture, new Map(evalReport.tasks.map((t) => [t.name, t.examples])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize: bad input is a located error and leaves no file behind', async () => {
  const dir = tempDir();
  try {
    writeFixture(dir);
    const records = Array.from({ length: 30 }, (_, i) => JSON.stringify({ input: `r${i}`, target: 'x' }));
    // Past the three records counting parses: shaped like an object, but not JSON; and a record without `input`.
    records[17] = '{"input": "r17", "target": oops}';
    writeFileSync(join(dir, 'data/bad.jsonl'), records.join('\n') + '\n');
    const noField = records.map((_, i) => JSON.stringify(i === 17 ? { sentence: 'r17', target: 'x' } : { input: `r${i}`, target: 'x' }));
    writeFileSync(join(dir, 'data/nofield.jsonl'), noField.join('\n') + '\n');
    const mixture = (data: string) => `mixture: bad\ntasks:\n  - {name: bad, prefix: "bad:", data: ${data}}\n`;
    writeFileSync(join(dir, 'bad.mixture.yaml'), mixture('data/bad.jsonl'));
    writeFileSync(join(dir, 'nofield.mixture.yaml'), mixture('data/nofield.jsonl'));
    writeFileSync(join(dir, 'nodata.mixture.yaml'), 'mixture: nodata\ntasks:\n  - {name: ok, prefix: "ok:", data: data/gz.jsonl.gz}\n  - name: hollow\n    prefix: "hollow:"\n    examples: 50\n');
    writeFileSync(join(dir, 'nobudget.mixture.yaml'), mixture('data/gz.jsonl.gz'));

    const bad = await cli(['materialize', 'bad.mixture.yaml', '--out', 'o.jsonl', '--examples', '300'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^data\/bad\.jsonl:18:\d+: error: not valid JSON/m);
    const nofield = await cli(['materialize', 'nofield.mixture.yaml', '--out', 'o.jsonl', '--examples', '300'], dir);
    assert.equal(nofield.code, 1);
    assert.match(nofield.err, /^data\/nofield\.jsonl:18:1: error: The record has no field "input" for the input\./m);
    const nodata = await cli(['materialize', 'nodata.mixture.yaml', '--out', 'o.jsonl', '--examples', '300'], dir);
    assert.equal(nodata.code, 1);
    assert.match(nodata.err, /^nodata\.mixture\.yaml:4:11: error: task 'hollow' is drawn \d+ time\(s\) but has no data file/m);
    assert.equal(existsSync(join(dir, 'o.jsonl')), false);
    assert.deepEqual(leftovers(dir), []);

    const usage = await cli(['materialize', 'nobudget.mixture.yaml', '--out', 'o.jsonl'], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /needs --examples N/);
    const mismatch = await cli(['materialize', 'nobudget.mixture.yaml', '--out', 'o.jsonl', '--format', 'parquet', '--examples', '5'], dir);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.err, /--format parquet does not match/);
    const eval_ = await cli(['materialize', 'nobudget.mixture.yaml', '--out', 'o.jsonl', '--examples', '5', '--split', 'eval'], dir);
    assert.equal(eval_.code, 1);
    assert.match(eval_.err, /task 'bad' is drawn 5 time\(s\) but has no data file for this split/);

    // An output that exists is refused unless --force, and stays as it was.
    writeFileSync(join(dir, 'o.jsonl'), 'keep me\n');
    const exists = await cli(['materialize', 'nobudget.mixture.yaml', '--out', 'o.jsonl', '--examples', '5'], dir);
    assert.equal(exists.code, 1);
    assert.match(exists.err, /^o\.jsonl: error: exists already: pass --force/m);
    assert.equal(readFileSync(join(dir, 'o.jsonl'), 'utf8'), 'keep me\n');
    const forced = await cli(['materialize', 'nobudget.mixture.yaml', '--out', 'o.jsonl', '--examples', '5', '--force'], dir);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(readJsonl(join(dir, 'o.jsonl')).length, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize: a write that fails (file size limit) removes the partial files', { skip: !existsSync(bin) && 'dist/cli.js is not built' }, () => {
  const dir = tempDir();
  try {
    writeFixture(dir);
    // `ulimit -f` makes writes past 256 KiB fail with EFBIG, as a full disk fails them with ENOSPC.
    const r = spawnSync('bash', ['-c', `ulimit -f 256; exec "${process.execPath}" "${bin}" materialize formats.mixture.yaml --out big.jsonl --examples 20000 --progress none`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /error: cannot write (the temporary spill files )?\((a file grew|the file is) larger than this system allows\)/);
    assert.equal(existsSync(join(dir, 'big.jsonl')), false);
    assert.deepEqual(leftovers(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('materialize: cancelled through the IPC message or SIGINT, it exits 130 and leaves nothing', { skip: !existsSync(bin) && 'dist/cli.js is not built' }, async () => {
  const dir = tempDir();
  try {
    // Enough data that the run is still going when the first progress line arrives.
    const line = (i: number) => JSON.stringify({ input: `record ${i} `.repeat(20), target: 'x' }) + '\n';
    writeFileSync(join(dir, 'big.jsonl'), Array.from({ length: 60_000 }, (_, i) => line(i)).join(''));
    writeFileSync(join(dir, 'big.mixture.yaml'), 'mixture: big\ntasks:\n  - {name: big, prefix: "big:", data: big.jsonl}\n');
    for (const how of ['message', 'SIGINT'] as const) {
      const child = fork(bin, ['materialize', 'big.mixture.yaml', '--out', 'out.jsonl', '--examples', '2000000', '--progress', 'json'], { cwd: dir, silent: true });
      let stderr = '';
      let sent = false;
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const progress = stderr.split('\n').map(parseProgressLine).find((p) => p && (p.phase === 'reading' || p.phase === 'writing'));
        if (progress && !sent) {
          sent = true;
          if (how === 'message') child.send(MaterializeCancelMessage);
          else child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
      assert.ok(sent, `a progress line arrived: ${stderr}`);
      assert.equal(code, 130, stderr);
      assert.match(stderr, /cancelled; the partial output was removed/);
      assert.equal(existsSync(join(dir, 'out.jsonl')), false);
      assert.deepEqual(leftovers(dir), []);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the plan: counts from the sampler also past 2^20 draws, an order that is a uniform arrangement, epochs', async () => {
  const dir = tempDir();
  try {
    writeFixture(dir);
    const analysis = await new MixtureProject().analyze(join(dir, 'formats.mixture.yaml'));
    // Past 2^20 draws the sampler switches to its multinomial method: still exactly what `sample` prints.
    const n = 3_000_000;
    const counts = drawCounts(analysis.rates!, n, 77);
    assert.ok(counts.ok);
    const sample = await cli(['sample', 'formats.mixture.yaml', '--steps', String(n), '--batch', '1', '--seed', '77', '--json'], dir);
    const sim = JSON.parse(sample.out) as { method: string; tasks: { counts: number[] }[] };
    assert.equal(sim.method, 'multinomial');
    assert.deepEqual(counts.counts, sim.tasks.map((t) => t.counts[t.counts.length - 1]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The one copy of task 1 among ten positions lands on each position equally often over many seeds (chi-square
  // with 9 degrees of freedom stays under 27.9, its 0.1% point; an order that favoured the front would not).
  const where = new Array<number>(10).fill(0);
  for (let seed = 0; seed < 5000; seed++) {
    const order = new MixOrder([9, 1], seed);
    for (let p = 0; p < 10; p++) if (order.next() === 1) where[p]!++;
    assert.equal(order.remaining, 0);
  }
  const chi = where.reduce((s, w) => s + (w - 500) ** 2 / 500, 0);
  assert.ok(chi < 27.9, `positions ${where}, chi-square ${chi}`);

  // 25 draws of 10 records: each epoch is a permutation, the half epoch 5 distinct records.
  const shuffle = new EpochShuffle(10, 4, 'task', 25);
  const draws = Array.from({ length: 25 }, () => shuffle.next());
  assert.deepEqual([...draws.slice(0, 10)].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...draws.slice(10, 20)].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(new Set(draws.slice(20)).size, 5);
  assert.notDeepEqual(draws.slice(0, 10), draws.slice(10, 20));
  // A small part of a big file is drawn through the map: the same records as through the array.
  const sparse = new EpochShuffle(100_000, 4, 'big', 50);
  const dense = new EpochShuffle(100_000, 4, 'big', 100_000);
  assert.deepEqual(Array.from({ length: 50 }, () => sparse.next()), Array.from({ length: 50 }, () => dense.next()));
});

test('counting with recordStarts: where each record starts, in every text format (the hook materialize reads by)', async () => {
  const { countExamples } = await import('../../server/src/core/data');
  const dir = tempDir();
  try {
    const starts = async (name: string, content: string | Buffer): Promise<number[]> => {
      writeFileSync(join(dir, name), content);
      const outcome = await countExamples(join(dir, name), { recordStarts: true, sampleRecords: 1 });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const s = outcome.recordStarts!;
      assert.equal(s.length, outcome.count);
      return Array.from({ length: s.length }, (_, i) => s.at(i));
    };
    // Offsets are in the stream after a byte order mark; blank lines and leading blanks are not records.
    const jsonl = '{"a":1}\n\n  {"a":2}\r\n{"a":3}';
    assert.deepEqual(await starts('x.jsonl', jsonl), [0, 11, 20]);
    assert.deepEqual(await starts('bom.jsonl', '\ufeff' + jsonl), [0, 11, 20]);
    assert.deepEqual(await starts('x.jsonl.gz', gzipSync(jsonl)), [0, 11, 20]);
    assert.deepEqual(await starts('x.json', '[\n {"a": 1},\n {"a": [2]}\n]'), [3, 14]);
    assert.deepEqual(await starts('x.csv', 'h,k\n1,"two\nlines"\n\n3,x\n'), [4, 19]);
    assert.deepEqual(await starts('x.tsv', 'h\tk\n1\tx\n2\ty'), [4, 8]);
    // Counted in parallel ranges (workers record file offsets, less the byte order mark): the same offsets.
    const many = '\ufeff' + Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '\n' : '') + (i % 5 === 0 ? '  ' : '') + JSON.stringify({ input: `r${i}` }) + (i % 3 ? '\r\n' : '\n')).join('');
    writeFileSync(join(dir, 'many.jsonl'), many);
    const counted = async (parallel: false | { minBytes: number; ranges: number }) => {
      const outcome = await countExamples(join(dir, 'many.jsonl'), { recordStarts: true, parallel });
      assert.ok(outcome.ok && outcome.count === 5000);
      return Array.from({ length: outcome.recordStarts!.length }, (_, i) => outcome.recordStarts!.at(i));
    };
    const single = await counted(false);
    assert.equal(single.length, 5000);
    assert.deepEqual(await counted({ minBytes: 0, ranges: 3 }), single);
    // Offsets past 4 GiB (a big .gz stream) switch the store from 4 to 8 bytes an offset, keeping what was there.
    const { RecordStarts } = await import('../../server/src/core/data/recordStarts');
    const big = new RecordStarts();
    for (let i = 0; i < 3000; i++) big.push(i * 1000);
    big.push(5_000_000_123);
    big.push(2 ** 40 + 7);
    assert.deepEqual([big.length, big.at(0), big.at(2999), big.at(3000), big.at(3001)], [3002, 0, 2_999_000, 5_000_000_123, 2 ** 40 + 7]);
    // Without the option, nothing is recorded (the editor's counts stay as they were).
    const plain = await countExamples(join(dir, 'x.jsonl'));
    assert.ok(plain.ok && plain.recordStarts === undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('README: the materialize section shows what the CLI prints, and the datasets.load_dataset("json") example', async () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### `taskmix materialize '), readme.indexOf('### `taskmix eval '));
  assert.ok(section.length > 0, 'the README has a taskmix materialize section');
  assert.match(section, /load_dataset\("json", data_files=/);
  const example = /```console\n\$ taskmix materialize (examples\/small-with-data\.mixture\.yaml) --out (\S+) --seed (\d+)\n([\s\S]*?)```/.exec(section);
  assert.ok(example, 'a console example');
  const dir = tempDir();
  try {
    const out = join(dir, 'small.train.jsonl');
    const r = await cli(['materialize', example[1]!, '--out', out, '--seed', example[3]!, '--progress', 'none'], repo);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.replace(out, example[2]!), example[4]);
    const first = readFileSync(out, 'utf8').split('\n')[0]!;
    assert.ok(section.includes('```json\n' + first + '\n```'), `the JSON example is the output's first line: ${first}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
