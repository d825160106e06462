// Random T5 weights, deterministic from a seed, in ONNX MatMul orientation ([in, out]).
import type { T5Shape } from './t5Config';
import { mulberry32 } from '../../contracts/random';

export interface Matrix { rows: number; cols: number; data: Float32Array }

export interface SelfAttention { q: Matrix; k: Matrix; v: Matrix; o: Matrix }
export interface EncoderLayer { ln1: Float32Array; attn: SelfAttention; ln2: Float32Array; wi: Matrix; wo: Matrix }
export interface DecoderLayer extends EncoderLayer { cross: SelfAttention; ln3: Float32Array }

export interface T5Weights {
  shape: T5Shape;
  /** [vocab, d_model] */
  shared: Matrix;
  encoder: { layers: EncoderLayer[]; relBias: Matrix /* [buckets, heads] */; finalLn: Float32Array };
  decoder: { layers: DecoderLayer[]; relBias: Matrix; finalLn: Float32Array };
  /** [d_model, vocab]; for a tied head, the transposed embedding (the graph scales the hidden state first). */
  lmHead: Matrix;
}

export { mulberry32 };

export function generateWeights(shape: T5Shape, seed: number): T5Weights {
  const rand = mulberry32(seed);
  const normal = (): number => {
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const matrix = (rows: number, cols: number, std: number): Matrix => {
    const data = new Float32Array(rows * cols);
    for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    return { rows, cols, data };
  };
  const norm = (n: number): Float32Array => Float32Array.from({ length: n }, () => 1 + 0.1 * normal());
  const { dModel: d, dKv, numHeads: h, dFf: ff, vocabSize: v, numBuckets } = shape;
  const inner = h * dKv;
  // The std of Hugging Face's T5 initialisation: no 1/sqrt(d_kv) in the attention, so q carries it.
  const attention = (): SelfAttention => ({
    q: matrix(d, inner, (d * dKv) ** -0.5),
    k: matrix(d, inner, d ** -0.5),
    v: matrix(d, inner, d ** -0.5),
    o: matrix(inner, d, inner ** -0.5),
  });
  const encoderLayer = (): EncoderLayer => ({
    ln1: norm(d), attn: attention(), ln2: norm(d), wi: matrix(d, ff, d ** -0.5), wo: matrix(ff, d, ff ** -0.5),
  });
  const shared = matrix(v, d, 1);
  const encoder = {
    layers: Array.from({ length: shape.numLayers }, encoderLayer),
    relBias: matrix(numBuckets, h, 0.5),
    finalLn: norm(d),
  };
  const decoder = {
    layers: Array.from({ length: shape.numDecoderLayers }, () => {
      const base = encoderLayer();
      return { ...base, cross: attention(), ln3: norm(d) };
    }),
    relBias: matrix(numBuckets, h, 0.5),
    finalLn: norm(d),
  };
  let lmHead: Matrix;
  if (shape.tieWordEmbeddings) {
    const t = new Float32Array(d * v);
    for (let r = 0; r < v; r++) for (let c = 0; c < d; c++) t[c * v + r] = shared.data[r * d + c]!;
    lmHead = { rows: d, cols: v, data: t };
  } else {
    lmHead = matrix(d, v, d ** -0.5 * 4);
  }
  return { shape, shared, encoder, decoder, lmHead };
}
