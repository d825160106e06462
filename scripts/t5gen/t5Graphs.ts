// The T5 graphs in the Hugging Face Optimum export layout: encoder, decoder (no past), decoder with past, and the
// merged decoder (an If on use_cache_branch whose branches are the two decoders). Standard opset-17 ops only.
import { GraphBuilder, valueInfo, type Dim } from './graphBuilder';
import { DataType, encodeModel, type ValueInfoMsg } from './onnxProto';
import { bucketTable } from './relativeBuckets';
import type { SelfAttention, T5Weights } from './t5Weights';
import { WeightOps, type Precision, type Q8Scheme } from './weightOps';

const NEG = -1e9;

interface Ctx { g: GraphBuilder; w: WeightOps; m: T5Weights }

function rmsNorm({ g }: Ctx, x: string, key: string, weight: Float32Array, eps: number): string {
  const wName = g.initializerOnce(key, [weight.length], weight);
  const variance = g.op1('ReduceMean', [g.op1('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const normed = g.op1('Div', [x, g.op1('Sqrt', [g.op1('Add', [variance, g.float(eps)])])]);
  return g.op1('Mul', [normed, wName]);
}

function scalarDim(g: GraphBuilder, x: string, axis: number): string {
  return g.op1('Squeeze', [g.op1('Shape', [x], { start: axis, end: axis + 1 }), g.ints([0])]);
}

/** [batch, seq, heads*d_kv] -> [batch, heads, seq, d_kv] */
function splitHeads({ g, m }: Ctx, x: string): string {
  const r = g.op1('Reshape', [x, g.ints([0, -1, m.shape.numHeads, m.shape.dKv])]);
  return g.op1('Transpose', [r], { perm: [0, 2, 1, 3] });
}

function attend(c: Ctx, q: string, k: string, v: string, bias: string, key: string, weights: SelfAttention): string {
  const { g } = c;
  const scores = g.op1('Add', [g.op1('MatMul', [q, g.op1('Transpose', [k], { perm: [0, 1, 3, 2] })]), bias]);
  const probs = g.op1('Softmax', [scores], { axis: -1 });
  const ctx = g.op1('Transpose', [g.op1('MatMul', [probs, v])], { perm: [0, 2, 1, 3] });
  const merged = g.op1('Reshape', [ctx, g.ints([0, -1, c.m.shape.numHeads * c.m.shape.dKv])]);
  return c.w.linear(g, merged, `${key}.o`, weights.o);
}

/** [1, heads, q, k] position bias for relative positions rp = key - query, looked up through the bucket table. */
function positionBias({ g, m }: Ctx, rp: string, bidirectional: boolean, tableKey: string, biasKey: string, relBias: T5Weights['encoder']['relBias']): string {
  const maxD = m.shape.maxDistance;
  const tableName = g.initializerOnce(tableKey, [2 * maxD + 1], bucketTable(bidirectional, m.shape.numBuckets, maxD));
  const biasName = g.initializerOnce(biasKey, [relBias.rows, relBias.cols], relBias.data);
  const clipped = g.op1('Add', [g.op1('Clip', [rp, g.ints([-maxD], true), g.ints([maxD], true)]), g.ints([maxD], true)]);
  const buckets = g.op1('Gather', [tableName, clipped], { axis: 0 });
  const values = g.op1('Gather', [biasName, buckets], { axis: 0 }); // [q, k, heads]
  return g.op1('Unsqueeze', [g.op1('Transpose', [values], { perm: [2, 0, 1] }), g.ints([0])]);
}

/** (1 - mask) * -1e9 as [batch, 1, 1, seq]. */
function maskBias({ g }: Ctx, mask: string): string {
  const inverted = g.op1('Sub', [g.float(1), g.op1('Cast', [mask], { to: DataType.FLOAT })]);
  return g.op1('Unsqueeze', [g.op1('Mul', [inverted, g.float(NEG)]), g.ints([1, 2])]);
}

function feedForward(c: Ctx, x: string, key: string, layer: T5Weights['encoder']['layers'][number], lnKey: string, lnWeight: Float32Array): string {
  const { g, w } = c;
  const h = rmsNorm(c, x, lnKey, lnWeight, c.m.shape.layerNormEpsilon);
  const inner = g.op1('Relu', [w.linear(g, h, `${key}.wi`, layer.wi)]);
  return g.op1('Add', [x, w.linear(g, inner, `${key}.wo`, layer.wo)]);
}

const i64 = DataType.INT64;
const f32 = DataType.FLOAT;

export function buildEncoder(m: T5Weights, precision: Precision, scheme?: Q8Scheme): Uint8Array {
  const g = new GraphBuilder('encoder');
  const c: Ctx = { g, w: new WeightOps(g, precision, scheme), m };
  const eps = m.shape.layerNormEpsilon;
  let x = c.w.embed(g, 'input_ids', 'shared.weight', m.shared);
  const seq = scalarDim(g, 'input_ids', 1);
  const pos = g.op1('Range', [g.ints([0], true), seq, g.ints([1], true)]);
  const rp = g.op1('Sub', [g.op1('Unsqueeze', [pos, g.ints([0])]), g.op1('Unsqueeze', [pos, g.ints([1])])]);
  const bias = g.op1('Add', [
    positionBias(c, rp, true, 'encoder.bucket_table', 'encoder.relative_attention_bias', m.encoder.relBias),
    maskBias(c, 'attention_mask'),
  ]);
  m.encoder.layers.forEach((layer, i) => {
    const key = `encoder.block.${i}`;
    const h = rmsNorm(c, x, `${key}.ln1`, layer.ln1, eps);
    const q = splitHeads(c, c.w.linear(g, h, `${key}.q`, layer.attn.q));
    const k = splitHeads(c, c.w.linear(g, h, `${key}.k`, layer.attn.k));
    const v = splitHeads(c, c.w.linear(g, h, `${key}.v`, layer.attn.v));
    x = g.op1('Add', [x, attend(c, q, k, v, bias, key, layer.attn)]);
    x = feedForward(c, x, key, layer, `${key}.ln2`, layer.ln2);
  });
  rmsNorm(c, x, 'encoder.final_layer_norm', m.encoder.finalLn, eps);
  const out = g.nodes[g.nodes.length - 1]!.output;
  out[0] = 'last_hidden_state';
  const graph = g.toGraph(
    [valueInfo('input_ids', i64, ['batch_size', 'encoder_sequence_length']), valueInfo('attention_mask', i64, ['batch_size', 'encoder_sequence_length'])],
    [valueInfo('last_hidden_state', f32, ['batch_size', 'encoder_sequence_length', m.shape.dModel])],
  );
  return encodeModel(graph);
}

interface DecoderVariant {
  /** Self-attention keys/values continue from past_key_values.*.decoder.* */
  selfPast: boolean;
  /** Cross-attention keys/values come from past_key_values.*.encoder.* instead of encoder_hidden_states. */
  crossFromPast: boolean;
  /** Emit present.*.encoder.* outputs. */
  emitCross: boolean;
}

export function pastNames(m: T5Weights): string[] {
  const names: string[] = [];
  for (let i = 0; i < m.shape.numDecoderLayers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) names.push(`past_key_values.${i}.${part}`);
  }
  return names;
}

/** Adds the decoder body to g; returns [logits, ...presents] value names in output order. */
function decoderBody(g: GraphBuilder, w: WeightOps, m: T5Weights, variant: DecoderVariant): { logits: string; presents: Map<string, string> } {
  const c: Ctx = { g, w, m };
  const eps = m.shape.layerNormEpsilon;
  let x = w.embed(g, 'input_ids', 'shared.weight', m.shared);
  const qLen = scalarDim(g, 'input_ids', 1);
  const pastLen = variant.selfPast ? scalarDim(g, 'past_key_values.0.decoder.key', 2) : g.ints([0], true);
  const total = g.op1('Add', [pastLen, qLen]);
  const qPos = g.op1('Range', [pastLen, total, g.ints([1], true)]);
  const kPos = g.op1('Range', [g.ints([0], true), total, g.ints([1], true)]);
  const rp = g.op1('Sub', [g.op1('Unsqueeze', [kPos, g.ints([0])]), g.op1('Unsqueeze', [qPos, g.ints([1])])]);
  const causal = g.op1('Mul', [g.op1('Cast', [g.op1('Greater', [rp, g.ints([0], true)])], { to: f32 }), g.float(NEG)]);
  const selfBias = g.op1('Add', [
    positionBias(c, rp, false, 'decoder.bucket_table', 'decoder.relative_attention_bias', m.decoder.relBias),
    causal,
  ]);
  const crossBias = maskBias(c, 'encoder_attention_mask');
  const presents = new Map<string, string>();
  m.decoder.layers.forEach((layer, i) => {
    const key = `decoder.block.${i}`;
    const h = rmsNorm(c, x, `${key}.ln1`, layer.ln1, eps);
    const q = splitHeads(c, w.linear(g, h, `${key}.q`, layer.attn.q));
    let k = splitHeads(c, w.linear(g, h, `${key}.k`, layer.attn.k));
    let v = splitHeads(c, w.linear(g, h, `${key}.v`, layer.attn.v));
    if (variant.selfPast) {
      k = g.op1('Concat', [`past_key_values.${i}.decoder.key`, k], { axis: 2 });
      v = g.op1('Concat', [`past_key_values.${i}.decoder.value`, v], { axis: 2 });
    }
    presents.set(`present.${i}.decoder.key`, k);
    presents.set(`present.${i}.decoder.value`, v);
    x = g.op1('Add', [x, attend(c, q, k, v, selfBias, key, layer.attn)]);

    const hc = rmsNorm(c, x, `${key}.ln2`, layer.ln2, eps);
    const cq = splitHeads(c, w.linear(g, hc, `${key}.cross.q`, layer.cross.q));
    let ck: string;
    let cv: string;
    if (variant.crossFromPast) {
      ck = g.op1('Identity', [`past_key_values.${i}.encoder.key`]);
      cv = g.op1('Identity', [`past_key_values.${i}.encoder.value`]);
    } else {
      ck = splitHeads(c, w.linear(g, 'encoder_hidden_states', `${key}.cross.k`, layer.cross.k));
      cv = splitHeads(c, w.linear(g, 'encoder_hidden_states', `${key}.cross.v`, layer.cross.v));
    }
    if (variant.emitCross) {
      presents.set(`present.${i}.encoder.key`, ck);
      presents.set(`present.${i}.encoder.value`, cv);
    }
    x = g.op1('Add', [x, attend(c, cq, ck, cv, crossBias, `${key}.cross`, layer.cross)]);
    x = feedForward(c, x, key, layer, `${key}.ln3`, layer.ln3);
  });
  x = rmsNorm(c, x, 'decoder.final_layer_norm', m.decoder.finalLn, eps);
  if (m.shape.tieWordEmbeddings) x = g.op1('Mul', [x, g.float(m.shape.dModel ** -0.5)]);
  const logits = w.linear(g, x, 'lm_head', m.lmHead);
  return { logits, presents };
}

function decoderIo(m: T5Weights, kind: 'plain' | 'with-past' | 'merged'): { inputs: ValueInfoMsg[]; outputs: ValueInfoMsg[] } {
  const { numHeads: h, dKv } = m.shape;
  const inputs = [
    valueInfo('encoder_attention_mask', i64, ['batch_size', 'encoder_sequence_length']),
    valueInfo('input_ids', i64, ['batch_size', 'decoder_sequence_length']),
  ];
  if (kind !== 'with-past') inputs.push(valueInfo('encoder_hidden_states', f32, ['batch_size', 'encoder_sequence_length', m.shape.dModel]));
  const pastDims = (name: string): Dim[] => ['batch_size', h, name.includes('.decoder.') ? 'past_decoder_sequence_length' : 'encoder_sequence_length_out', dKv];
  if (kind !== 'plain') for (const n of pastNames(m)) inputs.push(valueInfo(n, f32, pastDims(n)));
  if (kind === 'merged') inputs.push(valueInfo('use_cache_branch', DataType.BOOL, [1]));
  const outputs = [valueInfo('logits', f32, ['batch_size', 'decoder_sequence_length', m.shape.vocabSize])];
  for (const n of pastNames(m)) {
    if (kind === 'with-past' && n.includes('.encoder.')) continue;
    const present = n.replace('past_key_values', 'present');
    outputs.push(valueInfo(present, f32, ['batch_size', h, present.includes('.decoder.') ? 'present_sequence_length' : 'encoder_sequence_length_out', dKv]));
  }
  return { inputs, outputs };
}

function renameOutputs(g: GraphBuilder, io: ValueInfoMsg[], body: { logits: string; presents: Map<string, string> }): void {
  for (const out of io) {
    const value = out.name === 'logits' ? body.logits : body.presents.get(out.name)!;
    g.op1('Identity', [value], {}, out.name);
  }
}

export function buildDecoder(m: T5Weights, kind: 'plain' | 'with-past', precision: Precision, scheme?: Q8Scheme): Uint8Array {
  const g = new GraphBuilder(kind === 'plain' ? 'decoder' : 'decoder_with_past');
  const w = new WeightOps(g, precision, scheme);
  const body = decoderBody(g, w, m, kind === 'plain'
    ? { selfPast: false, crossFromPast: false, emitCross: true }
    : { selfPast: true, crossFromPast: true, emitCross: false });
  const { inputs, outputs } = decoderIo(m, kind);
  renameOutputs(g, outputs, body);
  return encodeModel(g.toGraph(inputs, outputs));
}

export function buildMergedDecoder(m: T5Weights, precision: Precision, scheme?: Q8Scheme): Uint8Array {
  const g = new GraphBuilder('decoder_merged');
  const w = new WeightOps(g, precision, scheme);
  const { inputs, outputs } = decoderIo(m, 'merged');
  const branch = (branchName: string, variant: DecoderVariant) => {
    const b = new GraphBuilder(branchName, g);
    const body = decoderBody(b, w, m, variant);
    // Branch outputs need names of their own; the If node maps them to the model outputs by position.
    const outs = outputs.map((o) => {
      const value = o.name === 'logits' ? body.logits : body.presents.get(o.name)!;
      const outName = b.op1('Identity', [value], {}, `${branchName}_${o.name}`);
      return valueInfo(outName, o.type.tensor_type.elem_type);
    });
    return b.toGraph([], outs);
  };
  const withPast = branch('with_past', { selfPast: true, crossFromPast: true, emitCross: true });
  const noPast = branch('no_past', { selfPast: false, crossFromPast: false, emitCross: true });
  g.op('If', ['use_cache_branch'], { then_branch: withPast, else_branch: noPast }, outputs.map((o) => o.name));
  return encodeModel(g.toGraph(inputs, outputs));
}
