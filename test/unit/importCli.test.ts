// `taskmix import` and the engine formats of `taskmix export` on the command line: exit codes, located errors
// (file:line:col, never a stack trace), notes on stderr, files written with --out, and `taskmix rates` on the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { enginesDir, tempDir } from './helpers/engineImport';

const repo = resolve(__dirname, '..', '..', '..');

async function cli(argv: string[], cwd = enginesDir): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

test('import prints the mixture on stdout, its notes on stderr; rates works on it anywhere and prints data as written', async () => {
  const r = await cli(['import', 'nemo/launcher_gpt3_5b.yaml']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^# Imported by `taskmix import --from nemo` from launcher_gpt3_5b\.yaml\./);
  assert.match(r.err, /^nemo\/launcher_gpt3_5b\.yaml:197:7: info: paths with \$\{\.\.\.\} interpolations/m);
  const dir = tempDir();
  const w = await cli(['import', join(enginesDir, 'nemo/launcher_gpt3_5b.yaml'), '--out', 'gpt3.mixture.yaml'], dir);
  assert.equal(w.code, 0, w.err);
  const rates = await cli(['rates', 'gpt3.mixture.yaml', '--json'], dir);
  assert.equal(rates.code, 0, rates.err);
  const json = JSON.parse(rates.out) as { tasks: { name: string; data: string; examples: null; epochs: null; rate: number }[] };
  assert.equal(json.tasks[0]!.data, '${data_dir}/my-gpt3_00_text_document');
  assert.equal(json.tasks[0]!.examples, null);
  assert.equal(json.tasks[0]!.epochs, null);
  const table = await cli(['rates', 'gpt3.mixture.yaml'], dir);
  assert.match(table.out, /my-gpt3_00 +unknown +3\.333% +-/);
});

test('a file that cannot be read as its format: exit 1 and file:line:col, no stack trace', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'blend.json'), '{"train": [0.5, "/d/a", 0.5, "/d/b"]');
  const truncated = await cli(['import', 'blend.json'], dir);
  assert.equal(truncated.code, 1);
  assert.match(truncated.err, /^blend\.json:1:\d+: error: not valid JSON/);
  assert.doesNotMatch(truncated.err, /\n\s+at /);
  writeFileSync(join(dir, 'notes.yaml'), 'title: not a training config\n');
  const unknown = await cli(['import', 'notes.yaml'], dir);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /^notes\.yaml:1:1: error: not a mixture file TaskMix can import .*--from/);
  writeFileSync(join(dir, 'both.yaml'), 'model:\n  data:\n    data_prefix: [1, /d/a]\nsources:\n  - {source_name: a, target_ratio: 1, paths: [x]}\n');
  const ambiguous = await cli(['import', 'both.yaml'], dir);
  assert.equal(ambiguous.code, 1);
  assert.match(ambiguous.err, /^both\.yaml:1:1: error: ambiguous: this file reads as nemo and olmo/);
  writeFileSync(join(dir, 'script.py'), 'print("hello")\n');
  const python = await cli(['import', 'script.py'], dir);
  assert.equal(python.code, 1);
  assert.match(python.err, /script\.py:1:1: error: not a mixture file .*Python that is not a mixture registration/);
  const info = await cli(['import', 'llamafactory/data/dataset_info.json']);
  assert.equal(info.code, 1);
  assert.match(info.err, /a LLaMA-Factory dataset_info\.json: import the training YAML/);
  const missing = await cli(['import', 'nowhere.sh'], dir);
  assert.equal(missing.code, 2);
});

test('a located error in another file (the dataset_info.json a config names) points into that file', async () => {
  const dir = tempDir();
  cpSync(join(enginesDir, 'llamafactory/data'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'train.yaml'), 'stage: sft\ndataset: identity,alpaca_fr_demo\n');
  const r = await cli(['import', 'train.yaml'], dir);
  assert.equal(r.code, 1);
  assert.match(r.err, /^train\.yaml:2:19: error: dataset "alpaca_fr_demo" is not defined in .*dataset_info\.json/);
  writeFileSync(join(dir, 'data', 'dataset_info.json'), '{"identity": {"file_name": "identity.json"}');
  const truncated = await cli(['import', 'train.yaml', '--from', 'llamafactory'], dir);
  assert.equal(truncated.code, 1);
  assert.match(truncated.err, /^data\/dataset_info\.json:1:\d+: error: not valid JSON/);
});

test('several registrations: listed with their places, exit 2; --mixture picks one; huggingface is an alias of hf', async () => {
  const r = await cli(['import', 'seqio/flan_v2_run_example.py']);
  assert.equal(r.code, 2);
  assert.match(r.err, /6 mixtures here; choose one with --mixture NAME:\n {2}cot_submix {2}\(seqio\/flan_v2_run_example\.py:26:5\)/);
  const one = await cli(['import', 'seqio/flan_v2_run_example.py', '--mixture', 'cot_submix']);
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /mixture: cot_submix/);
  const alias = await cli(['import', 'hf/datasets_stream_interleave.py', '--from', 'huggingface']);
  assert.equal(alias.code, 0, alias.err);
  const bad = await cli(['import', 'hf/datasets_stream_interleave.py', '--from', 'keras']);
  assert.equal(bad.code, 2);
});

test('sub-mixtures that need sizes are written as included files: --out is required, and writes them beside', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'mix.py'), 'import seqio\nseqio.MixtureRegistry.add("sub", ["a", "b"], default_rate=seqio.mixing_rate_num_examples)\nseqio.MixtureRegistry.add("top", [("sub", 2), ("c", 1)])\n');
  const stdout = await cli(['import', 'mix.py', '--mixture', 'top'], dir);
  assert.equal(stdout.code, 2);
  assert.match(stdout.err, /give --out PATH/);
  const w = await cli(['import', 'mix.py', '--mixture', 'top', '--out', 'top.mixture.yaml'], dir);
  assert.equal(w.code, 0, w.err);
  assert.match(readFileSync(join(dir, 'top.mixture.yaml'), 'utf8'), /- include: sub\.mixture\.yaml\n {4}rate: 2/);
  assert.match(readFileSync(join(dir, 'sub.mixture.yaml'), 'utf8'), /strategy: proportional/);
  // Its rates need the sub-mixture's sizes: an error that says which task lacks one (the size is needed there).
  const rates = await cli(['rates', 'top.mixture.yaml'], dir);
  assert.equal(rates.code, 1);
  assert.match(rates.err, /include-has-errors/);
});

test('export --format for every engine name; llamafactory writes its dataset_info.json beside, never over one', async () => {
  const dir = tempDir();
  cpSync(join(repo, 'examples'), dir, { recursive: true });
  for (const format of ['megatron', 'megatron-json', 'nemo', 'olmo', 'mosaic', 'hf', 'huggingface', 'llamafactory', 'seqio', 'json']) {
    const r = await cli(['export', 'small-with-data.mixture.yaml', '--format', format], dir);
    assert.equal(r.code, 0, `${format}: ${r.err}`);
    assert.ok(r.out.length > 0, format);
  }
  const out = await cli(['export', 'small-with-data.mixture.yaml', '--format', 'llamafactory', '--out', 'train.yaml'], dir);
  assert.equal(out.code, 0, out.err);
  assert.match(out.err, /wrote dataset_info\.json/);
  const written = readFileSync(join(dir, 'dataset_info.json'), 'utf8');
  const info = JSON.parse(written) as Record<string, { file_name: string; columns: { prompt: string; response: string } }>;
  assert.deepEqual(info.sst2, { file_name: 'data/sst2.train.jsonl', columns: { prompt: 'sentence', response: 'label' } });
  writeFileSync(join(dir, 'dataset_info.json'), '{"mine": {"file_name": "x.json"}}\n');
  const again = await cli(['export', 'small-with-data.mixture.yaml', '--format', 'llamafactory', '--out', 'train.yaml'], dir);
  assert.equal(again.code, 0);
  assert.match(again.err, /dataset_info\.json exists and was not overwritten/);
  assert.equal(readFileSync(join(dir, 'dataset_info.json'), 'utf8'), '{"mine": {"file_name": "x.json"}}\n');
  // The exported config imports back with the same rates.
  writeFileSync(join(dir, 'dataset_info.json'), written);
  const back = await cli(['import', 'train.yaml', '--out', 'back.mixture.yaml'], dir);
  assert.equal(back.code, 0, back.err);
  assert.ok(existsSync(join(dir, 'back.mixture.yaml')));
  const a = JSON.parse((await cli(['rates', 'small-with-data.mixture.yaml', '--json'], dir)).out) as { tasks: { name: string; rate: number }[] };
  const b = JSON.parse((await cli(['rates', 'back.mixture.yaml', '--json'], dir)).out) as { tasks: { name: string; rate: number }[] };
  for (const t of a.tasks.filter((x) => x.rate > 0)) assert.ok(Math.abs(b.tasks.find((x) => x.name === t.name)!.rate - t.rate) < 1e-12, t.name);
});
