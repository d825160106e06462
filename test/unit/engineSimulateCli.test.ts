// `taskmix simulate`: the engine's draws for a mixture file, its JSON shape, exit codes and usage errors. The
// expected counts are the engines' own (see engineSimulate.test.ts for the files and commits they come from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

/** A manual mixture of three tasks, rates 0.5 / 0.3 / 0.2, sizes 100 / 50 / 20; `head` lines go on top. */
function mixture(head: string[] = [], extra = ''): string {
  return [
    'mixture: three',
    ...head,
    'sampling:',
    '  strategy: manual',
    'tasks:',
    '  - {name: a, prefix: "a:", examples: 100, rate: 0.5, data: corpus/a_text_document}',
    '  - {name: b, prefix: "b:", examples: 50, rate: 0.3}',
    '  - {name: c, prefix: "c:", examples: 20, rate: 0.2}',
    extra,
  ].join('\n');
}

function inDir(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskmix-simulate-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

interface SimulateJson {
  engine: string;
  samples: number | null;
  tasks: { name: string; data: string | null; weight: number; drawn: number | null; epochs: number | null }[];
  notes: string[];
}

test('megatron: the blended index counts, in the documented JSON shape', inDir(async (dir) => {
  writeFileSync(join(dir, 'm.mixture.yaml'), mixture());
  const r = await cli(['simulate', 'm.mixture.yaml', '--engine', 'megatron', '--samples', '1000', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as SimulateJson;
  assert.deepEqual(Object.keys(json), ['engine', 'samples', 'tasks', 'notes']);
  assert.equal(json.engine, 'megatron');
  assert.equal(json.samples, 1000);
  assert.deepEqual(json.tasks.map((t) => Object.keys(t)), json.tasks.map(() => ['name', 'data', 'weight', 'drawn', 'epochs']));
  assert.deepEqual(json.tasks.map((t) => [t.name, t.data, t.drawn, t.epochs]), [['a', 'corpus/a_text_document', 500, 5], ['b', null, 300, 6], ['c', null, 200, 10]]);
  assert.ok(Math.abs(json.tasks[0]!.weight - 0.5) < 1e-12);
  // The text form: a table and the notes.
  const text = await cli(['simulate', 'm.mixture.yaml', '--engine', 'nemo', '--samples', '1000'], dir);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^engine nemo, 1,000 samples\n/);
  assert.match(text.out, /\nc +0\.200000 +200 +10\n/);
  assert.match(text.out, /note: Counts are the blended index build_blending_indices makes/);
}));

test('engine and samples come from the file when not given; hf names the source that ends the run', inDir(async (dir) => {
  writeFileSync(join(dir, 'h.mixture.yaml'), mixture(['engine: hf', 'budget:', '  examples: 500']));
  const r = await cli(['simulate', 'h.mixture.yaml', '--json'], dir);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as SimulateJson;
  assert.equal(json.engine, 'hf');
  assert.equal(json.samples, 500);
  // numpy default_rng(0) in interleave_datasets, first_exhausted: [42, 29, 20], 91 examples, c runs out.
  assert.deepEqual(json.tasks.map((t) => t.drawn), [42, 29, 20]);
  assert.ok(json.notes.some((n) => n.includes('ends when c runs out, after 91 examples')), json.notes.join('\n'));
  assert.ok(json.notes.some((n) => n.includes('409 (81.8%) short of the 500 samples')), json.notes.join('\n'));
  const all = JSON.parse((await cli(['simulate', 'h.mixture.yaml', '--stopping-strategy', 'all_exhausted', '--seed', '42', '--json'], dir)).out) as SimulateJson;
  assert.deepEqual(all.tasks.map((t) => t.drawn), [100, 60, 33]);
  assert.deepEqual(all.tasks.map((t) => t.epochs), [1, 1.2, 1.65]);
}));

test('mosaic and olmo: epoch samples and tokens needed', inDir(async (dir) => {
  writeFileSync(join(dir, 'm.mixture.yaml'), mixture());
  const mosaic = JSON.parse((await cli(['simulate', 'm.mixture.yaml', '--engine', 'mosaic', '--samples', '1001', '--json'], dir)).out) as SimulateJson;
  assert.deepEqual(mosaic.tasks.map((t) => t.drawn), [500, 300, 201]);
  const olmo = await cli(['simulate', 'm.mixture.yaml', '--engine', 'olmo', '--samples', '200', '--repetition-factor', '1.5', '--json'], dir);
  assert.equal(olmo.code, 0, olmo.err);
  const o = JSON.parse(olmo.out) as SimulateJson;
  assert.deepEqual(o.tasks.map((t) => t.drawn), [100, 60, 40]);
  // c: 40 needed, 20 x 1.5 = 30 available.
  assert.ok(o.notes.some((n) => n.startsWith('c needs 40 but has 20 × repetition_factor 1.5 = 30')), o.notes.join('\n'));
}));

test('usage errors exit 2, a mixture with errors exits 1', inDir(async (dir) => {
  writeFileSync(join(dir, 'm.mixture.yaml'), mixture());
  writeFileSync(join(dir, 'bad.mixture.yaml'), 'mixture: bad\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: -1\n');
  const cases: [string[], RegExp][] = [
    [['simulate', 'm.mixture.yaml', '--samples', '10'], /needs --engine NAME/],
    [['simulate', 'm.mixture.yaml', '--engine', 'megatron'], /needs --samples N/],
    [['simulate', 'm.mixture.yaml', '--engine', 'deepspeed', '--samples', '10'], /deepspeed/],
    [['simulate', 'm.mixture.yaml', '--engine', 'megatron', '--samples', '0'], /--samples must be an integer >= 1/],
    [['simulate', 'm.mixture.yaml', '--engine', 'hf', '--seed', '-3'], /--seed must be an integer >= 0/],
    [['simulate', 'm.mixture.yaml', '--engine', 'olmo', '--samples', '5', '--repetition-factor', '0.5'], /--repetition-factor must be >= 1/],
    [['simulate', 'm.mixture.yaml', '--engine', 'hf', '--stopping-strategy', 'never'], /never/],
    [['simulate', 'missing.mixture.yaml', '--engine', 'hf'], /no such file/],
    [['simulate', '--engine', 'hf'], /needs exactly one mixture FILE/],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(argv, dir);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, message, argv.join(' '));
    assert.equal(r.out, '');
  }
  const bad = await cli(['simulate', 'bad.mixture.yaml', '--engine', 'megatron', '--samples', '10'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^bad\.mixture\.yaml:5:15: error negative-value: /);
}));
