// A plain float64 forward pass of the same weights (batch 1, no cache): the independent check that the ONNX
// graphs compute T5. Written from the Hugging Face modeling_t5 definitions, not from the graph code.
import { relativePositionBucket } from './relativeBuckets';
import type { Matrix, SelfAttention, T5Weights } from './t5Weights';

type Rows = Float64Array[];

function matmul(x: Rows, w: Matrix): Rows {
  return x.map((row) => {
    const out = new Float64Array(w.cols);
    for (let i = 0; i < w.rows; i++) {
      const xi = row[i]!;
      if (xi === 0) continue;
      const base = i * w.cols;
      for (let j = 0; j < w.cols; j++) out[j]! += xi * w.data[base + j]!;
    }
    return out;
  });
}

function rmsNorm(x: Rows, weight: Float32Array, eps: number): Rows {
  return x.map((row) => {
    let ss = 0;
    for (const v of row) ss += v * v;
    const inv = 1 / Math.sqrt(ss / row.length + eps);
    return row.map((v, i) => v * inv * weight[i]!);
  });
}

function add(a: Rows, b: Rows): Rows {
  return a.map((row, r) => row.map((v, i) => v + b[r]![i]!));
}

/** bias[h][q][k] added to the scores. */
function attention(m: T5Weights, xq: Rows, xkv: Rows, w: SelfAttention, bias: (h: number, q: number, k: number) => number): Rows {
  const { numHeads: H, dKv } = m.shape;
  const q = matmul(xq, w.q);
  const k = matmul(xkv, w.k);
  const v = matmul(xkv, w.v);
  const ctx = xq.map(() => new Float64Array(H * dKv));
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < xq.length; i++) {
      const scores = k.map((kr, j) => {
        let s = 0;
        for (let d = 0; d < dKv; d++) s += q[i]![h * dKv + d]! * kr[h * dKv + d]!;
        return s + bias(h, i, j);
      });
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      for (let j = 0; j < k.length; j++) {
        const p = exps[j]! / sum;
        for (let d = 0; d < dKv; d++) ctx[i]![h * dKv + d]! += p * v[j]![h * dKv + d]!;
      }
    }
  }
  return matmul(ctx, w.o);
}

function feedForward(x: Rows, wi: Matrix, wo: Matrix): Rows {
  return matmul(matmul(x, wi).map((r) => r.map((v) => Math.max(0, v))), wo);
}

function embed(m: T5Weights, ids: number[]): Rows {
  const d = m.shape.dModel;
  return ids.map((id) => Float64Array.from(m.shared.data.subarray(id * d, (id + 1) * d)));
}

function bias(m: T5Weights, relBias: Matrix, bidirectional: boolean) {
  return (h: number, q: number, k: number): number =>
    relBias.data[relativePositionBucket(k - q, bidirectional, m.shape.numBuckets, m.shape.maxDistance) * relBias.cols + h]!;
}

export function referenceEncoder(m: T5Weights, ids: number[]): Rows {
  const eps = m.shape.layerNormEpsilon;
  let x = embed(m, ids);
  const pb = bias(m, m.encoder.relBias, true);
  for (const layer of m.encoder.layers) {
    const h = rmsNorm(x, layer.ln1, eps);
    x = add(x, attention(m, h, h, layer.attn, pb));
    x = add(x, feedForward(rmsNorm(x, layer.ln2, eps), layer.wi, layer.wo));
  }
  return rmsNorm(x, m.encoder.finalLn, eps);
}

/** Logits [decoderIds.length][vocab] of the decoder over the whole prefix (causal), given encoder states. */
export function referenceDecoder(m: T5Weights, decoderIds: number[], encoderStates: Rows): Rows {
  const eps = m.shape.layerNormEpsilon;
  let x = embed(m, decoderIds);
  const pb = bias(m, m.decoder.relBias, false);
  const causal = (h: number, q: number, k: number): number => pb(h, q, k) + (k > q ? -Infinity : 0);
  for (const layer of m.decoder.layers) {
    const h = rmsNorm(x, layer.ln1, eps);
    x = add(x, attention(m, h, h, layer.attn, causal));
    x = add(x, attention(m, rmsNorm(x, layer.ln2, eps), encoderStates, layer.cross, () => 0));
    x = add(x, feedForward(rmsNorm(x, layer.ln3, eps), layer.wi, layer.wo));
  }
  x = rmsNorm(x, m.decoder.finalLn, eps);
  if (m.shape.tieWordEmbeddings) x = x.map((r) => r.map((v) => v * m.shape.dModel ** -0.5));
  return matmul(x, m.lmHead);
}
