// A broken model folder gets a clear message naming the file, never a hang or a raw onnxruntime stack;
// and `taskmix generate` reports it in one line with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { T5ModelError } from '../../t5/errors';
import { T5OnnxModel, type LoadOptions } from '../../t5/model';
import { dirModelSource } from '../../t5/node/dirModelSource';
import { runGenerateCommand } from '../../t5/node/generateCommand';
import { loadNodeOrt } from '../../t5/node/nodeOrt';
import { copyOfTiny, ensureTinyT5, TINY_DIR } from './helpers/t5Fixture';

ensureTinyT5();
const ort = loadNodeOrt();

async function expectBroken(breakIt: (dir: string) => void, code: string, message: RegExp, options: LoadOptions = {}): Promise<void> {
  const dir = copyOfTiny();
  try {
    breakIt(dir);
    await assert.rejects(T5OnnxModel.load(ort, dirModelSource(dir), options), (e: unknown) => {
      assert.ok(e instanceof T5ModelError, `a T5ModelError, not ${String(e)}`);
      assert.equal(e.code, code);
      assert.match(e.message, message);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const edit = (file: string, change: (o: Record<string, unknown>) => void) => (dir: string) => {
  const o = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  change(o);
  writeFileSync(join(dir, file), JSON.stringify(o));
};

test('missing files are named', async () => {
  await expectBroken((d) => rmSync(join(d, 'config.json')), 'MISSING_FILE', /^config\.json: missing in /);
  await expectBroken((d) => rmSync(join(d, 'tokenizer.json')), 'MISSING_FILE', /^tokenizer\.json: missing/);
  await expectBroken((d) => rmSync(join(d, 'onnx/encoder_model.onnx')), 'MISSING_FILE', /^onnx\/encoder_model\.onnx: missing/);
  await expectBroken((d) => rmSync(join(d, 'onnx/encoder_model_quantized.onnx')), 'MISSING_FILE', /^onnx\/encoder_model_quantized\.onnx/, { precision: 'q8' });
  await expectBroken((d) => rmSync(join(d, 'onnx/decoder_model_merged.onnx')), 'MISSING_FILE', /^onnx\/decoder_model_merged\.onnx/, { layout: 'merged' });
  await expectBroken((d) => rmSync(join(d, 'onnx/decoder_with_past_model.onnx')), 'MISSING_FILE', /^onnx\/decoder_with_past_model\.onnx/, { layout: 'split' });
  await expectBroken(
    (d) => ['decoder_model_merged', 'decoder_model'].forEach((f) => rmSync(join(d, `onnx/${f}.onnx`))),
    'MISSING_FILE',
    /^onnx\/decoder_model\.onnx: missing .*decoder_model_merged\.onnx/,
  );
});

test('bad config: invalid JSON, wrong model type, bad numbers', async () => {
  await expectBroken((d) => writeFileSync(join(d, 'config.json'), '{"d_model": 32,'), 'BAD_JSON', /^config\.json: not valid JSON/);
  await expectBroken(edit('config.json', (o) => (o['model_type'] = 'bart')), 'BAD_CONFIG', /^config\.json: "model_type" is "bart"/);
  await expectBroken(edit('config.json', (o) => (o['num_heads'] = 'four')), 'BAD_CONFIG', /^config\.json: "num_heads" must be a non-negative integer/);
  await expectBroken((d) => writeFileSync(join(d, 'generation_config.json'), '[]'), 'BAD_JSON', /^generation_config\.json: expected a JSON object/);
});

test('a config that does not match the graphs is caught at load', async () => {
  await expectBroken(edit('config.json', (o) => (o['num_decoder_layers'] = 3)), 'MODEL_MISMATCH', /^onnx\/decoder_model_merged\.onnx: has no inputs past_key_values\.2\./);
});

test('corrupt and truncated onnx files are named', async () => {
  await expectBroken((d) => writeFileSync(join(d, 'onnx/encoder_model.onnx'), 'not a model'), 'BAD_ONNX', /^onnx\/encoder_model\.onnx: onnxruntime cannot load it/);
  await expectBroken((d) => {
    const p = join(d, 'onnx/decoder_model_merged.onnx');
    const bytes = readFileSync(p);
    writeFileSync(p, bytes.subarray(0, bytes.length >> 1));
  }, 'BAD_ONNX', /^onnx\/decoder_model_merged\.onnx: onnxruntime cannot load it/);
});

test('tokenizer mismatch and a broken tokenizer.json are named', async () => {
  await expectBroken(edit('config.json', (o) => (o['vocab_size'] = 100)), 'TOKENIZER_MISMATCH', /^tokenizer\.json: has \d+ tokens but config\.json's vocab_size is 100/);
  await expectBroken(edit('generation_config.json', (o) => (o['eos_token_id'] = 3)), 'TOKENIZER_MISMATCH', /^tokenizer\.json: id 3 \(eos_token_id/);
  await expectBroken(edit('tokenizer.json', (o) => delete o['model']), 'BAD_JSON', /^tokenizer\.json: no "model\.vocab"/);
});

function captureIo() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
}

test('taskmix generate --json prints outputs and timings', async () => {
  const { out, io } = captureIo();
  const code = await runGenerateCommand(['--model', TINY_DIR, '--max-new-tokens', '6', '--json', 'summarize: the model is good', 'question: yes'], io);
  assert.equal(code, 0, out.stderr);
  const result = JSON.parse(out.stdout);
  assert.equal(result.outputs.length, 2);
  for (const o of result.outputs) {
    assert.equal(typeof o.text, 'string');
    assert.equal(o.token_ids.length, 6);
  }
  assert.deepEqual(Object.keys(result.timings).sort(), ['encoder_ms', 'first_token_ms', 'load_ms', 'ms_per_token']);
});

test('taskmix generate streams text; sampling with a seed repeats', async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const { out, io } = captureIo();
    assert.equal(await runGenerateCommand(['--model', TINY_DIR, '--max-new-tokens', '8', '--do-sample', '--seed', '5', '--num-beams', '1', 'the model'], io), 0);
    assert.match(out.stderr, /^load [\d.]+ ms, encoder [\d.]+ ms, first token [\d.]+ ms, [\d.]+ tokens\/s\n$/);
    runs.push(out.stdout);
  }
  assert.equal(runs[0], runs[1]);
  assert.ok(runs[0]!.trim().length > 0);
});

test('taskmix generate: bad flags and a missing or broken model give one line and exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['the model'], /--model DIR is required/],
    [['--model', TINY_DIR], /give at least one PROMPT/],
    [['--model', TINY_DIR, '--max-new-tokens', 'ten', 'x'], /--max-new-tokens expects an integer, got "ten"/],
    [['--model', TINY_DIR, '--bogus', 'x'], /unknown flag --bogus/],
    [['--model', TINY_DIR, '--precision', 'fp16', 'x'], /--precision must be fp32 or q8/],
    [['--model', TINY_DIR, '--num-beams', '2', '--do-sample', 'x'], /beam sampling/],
    [['--model', '.cache/no-such-model', 'x'], /no-such-model: no such model folder/],
  ];
  for (const [argv, message] of cases) {
    const { out, io } = captureIo();
    assert.equal(await runGenerateCommand(argv, io), 2, argv.join(' '));
    assert.match(out.stderr.split('\n')[0]!, message);
    assert.equal(out.stdout, '');
  }
});
