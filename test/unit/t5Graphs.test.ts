// The generated ONNX graphs compute T5: checked against a plain float64 forward pass of the same weights,
// run through onnxruntime-web (WASM) in Node, the runtime the extension uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { T5OnnxModel, type DecoderLayout, type Precision } from '../../t5/model';
import { dirModelSource } from '../../t5/node/dirModelSource';
import { loadNodeOrt } from '../../t5/node/nodeOrt';
import { referenceDecoder, referenceEncoder } from '../../scripts/t5gen/reference';
import { relativePositionBucket } from '../../scripts/t5gen/relativeBuckets';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeT5Model } from '../../scripts/t5gen/writeModel';
import { ModelProto } from '../../scripts/t5gen/onnxProto';
import { ensureTinyT5, TINY_DIR, TINY_SEED } from './helpers/t5Fixture';

const weights = ensureTinyT5();
const ort = loadNodeOrt();
const load = (layout: DecoderLayout, precision: Precision = 'fp32') => T5OnnxModel.load(ort, dirModelSource(TINY_DIR), { layout, precision });

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('relative position buckets match Hugging Face T5 on known values', () => {
  // Worked by hand from transformers' _relative_position_bucket(rp, bidirectional, 32, 128), e.g. rp -20 one-way:
  // 16 + floor(log(20 / 16) / log(128 / 16) * 16) = 16 + 1.
  const bi = [-200, -128, -20, -8, -1, 0, 1, 7, 8, 20, 127, 200].map((rp) => relativePositionBucket(rp, true, 32, 128));
  assert.deepEqual(bi, [15, 15, 10, 8, 1, 0, 17, 23, 24, 26, 31, 31]);
  const uni = [-200, -20, -16, -15, -1, 0, 5].map((rp) => relativePositionBucket(rp, false, 32, 128));
  assert.deepEqual(uni, [31, 17, 16, 15, 1, 0, 0]);
});

const ids = [81, 173, 4, 93, 10, 107, 1];
const decoderIds = [0, 57, 200, 3, 44];

test('encoder output matches the float64 reference within 1e-4', async () => {
  const model = await load('split');
  const enc = await model.encode(ids);
  assert.ok(maxAbsDiff(enc.hidden.data as Float32Array, referenceEncoder(weights, ids).flatMap((r) => Array.from(r))) < 1e-4);
  await model.release();
});

for (const layout of ['split', 'merged'] as const) {
  test(`${layout} decoder logits, full pass and step by step with the cache, match the reference within 1e-4`, async () => {
    const model = await load(layout);
    const enc = await model.encode(ids);
    const ref = referenceDecoder(weights, decoderIds, referenceEncoder(weights, ids));
    const full = await model.step(enc, model.emptyCache(1), [decoderIds]);
    assert.ok(maxAbsDiff(full.logits, ref[ref.length - 1]!) < 1e-4, 'full pass');
    const cache = model.emptyCache(1);
    for (let i = 0; i < decoderIds.length; i++) {
      const { logits } = await model.step(enc, cache, [[decoderIds[i]!]]);
      const diff = maxAbsDiff(logits, ref[i]!);
      assert.ok(diff < 1e-4, `step ${i}: ${diff}`);
    }
    assert.equal(cache.length, decoderIds.length);
    await model.release();
  });
}

test('q8 files load in both layouts and stay near fp32 logits', async () => {
  const ref = referenceDecoder(weights, decoderIds, referenceEncoder(weights, ids));
  for (const layout of ['split', 'merged'] as const) {
    const model = await load(layout, 'q8');
    assert.match(model.files.encoder, /encoder_model_quantized\.onnx$/);
    const enc = await model.encode(ids);
    const { logits } = await model.step(enc, model.emptyCache(1), [decoderIds]);
    const diff = maxAbsDiff(logits, ref[ref.length - 1]!);
    assert.ok(diff > 0 && diff < 1, `q8 differs from fp32 by a little: ${diff}`);
    await model.release();
  }
});

test('the dequantize q8 scheme (int8 -> DequantizeLinear -> MatMul) also runs and stays near fp32', async () => {
  const dir = mkdtempSync(join(tmpdir(), 't5-dq-'));
  try {
    writeT5Model(dir, { preset: 'tiny', seed: TINY_SEED, q8Scheme: 'dequantize', only: { fp32: false, split: false } });
    const model = await T5OnnxModel.load(ort, dirModelSource(dir), { precision: 'q8' });
    const enc = await model.encode(ids);
    const { logits } = await model.step(enc, model.emptyCache(1), [decoderIds]);
    const ref = referenceDecoder(weights, decoderIds, referenceEncoder(weights, ids));
    const diff = maxAbsDiff(logits, ref[ref.length - 1]!);
    assert.ok(diff > 0 && diff < 1, `differs from fp32 by a little: ${diff}`);
    await model.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('default q8 files have the MatMulInteger shape onnxruntime fuses (Mul(Cast(MatMulInteger), Mul(x_scale, w_scale)))', () => {
  interface Node { op_type: string; input: string[]; output: string[] }
  const model = ModelProto.toObject(ModelProto.decode(readFileSync(join(TINY_DIR, 'onnx/encoder_model_quantized.onnx')))) as { graph: { node: Node[] } };
  const nodes = model.graph.node;
  const producer = new Map(nodes.flatMap((n) => n.output.map((o) => [o, n] as const)));
  const consumers = (n: Node) => nodes.filter((c) => c.input.includes(n.output[0]!));
  const matmuls = nodes.filter((n) => n.op_type === 'MatMulInteger');
  // q, k, v, o, wi, wo in each of the tiny model's layers.
  assert.equal(matmuls.length, 6 * weights.encoder.layers.length);
  assert.equal(nodes.filter((n) => n.op_type === 'DequantizeLinear').length, 0);
  for (const mm of matmuls) {
    assert.equal(producer.get(mm.input[0]!)?.op_type, 'DynamicQuantizeLinear');
    const [cast] = consumers(mm);
    assert.equal(cast?.op_type, 'Cast');
    const [mul] = consumers(cast!);
    assert.equal(mul?.op_type, 'Mul');
    const scales = producer.get(mul!.input.find((i) => i !== cast!.output[0])!);
    assert.equal(scales?.op_type, 'Mul');
    assert.equal(producer.get(scales!.input[0]!)?.op_type, 'DynamicQuantizeLinear', 'the activation scale comes first');
  }
});
