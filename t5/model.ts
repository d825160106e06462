// Loading a T5 export (encoder + merged or split decoders, fp32 or q8) into onnxruntime sessions, and running
// the encoder and one decoder step at a time with the key/value cache.
import type { T5Config } from './config';
import { parseT5Config } from './config';
import { T5ModelError } from './errors';
import { readText, type ModelSource } from './modelSource';
import type { Ort, OrtSession, OrtSessionOptions, OrtTensor } from './ort';
import { T5Tokenizer } from './tokenizer';

export type Precision = 'fp32' | 'q8';
export type DecoderLayout = 'merged' | 'split';

export interface LoadOptions {
  precision?: Precision;
  /** Default: merged when the folder has it, else split. */
  layout?: DecoderLayout;
  sessionOptions?: OrtSessionOptions;
}

export interface LoadedFiles { encoder: string; decoders: string[] }

function onnxPath(name: string, precision: Precision): string {
  return `onnx/${name}${precision === 'q8' ? '_quantized' : ''}.onnx`;
}

async function requireFile(source: ModelSource, path: string): Promise<Uint8Array> {
  const bytes = await source.read(path);
  if (bytes === undefined) throw new T5ModelError('MISSING_FILE', `missing in ${source.label}`, path);
  return bytes;
}

/**
 * Session options every session starts from (the caller's override them). onnxruntime-web leaves the CPU arena and
 * the memory pattern off unless asked, where onnxruntime-node has them on: set here, both runtimes run the same
 * configuration, so the benchmark compares like with like (on one thread neither setting changed WASM's speed
 * beyond the noise here).
 */
export const BASE_SESSION_OPTIONS: Readonly<OrtSessionOptions> = {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  enableCpuMemArena: true,
  enableMemPattern: true,
};

async function createSession(ort: Ort, bytes: Uint8Array, path: string, options: OrtSessionOptions | undefined): Promise<OrtSession> {
  try {
    return await ort.InferenceSession.create(bytes, { ...BASE_SESSION_OPTIONS, ...options });
  } catch (e) {
    const detail = String((e as Error).message ?? e).split('\n')[0]!.slice(0, 300);
    throw new T5ModelError('BAD_ONNX', `onnxruntime cannot load it (${detail})`, path);
  }
}

function expectNames(session: OrtSession, path: string, kind: 'input' | 'output', names: string[]): void {
  const have = kind === 'input' ? session.inputNames : session.outputNames;
  const missing = names.filter((n) => !have.includes(n));
  if (missing.length) {
    throw new T5ModelError('MODEL_MISMATCH', `has no ${kind}${missing.length > 1 ? 's' : ''} ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', ...' : ''} (does config.json match this export?)`, path);
  }
}

/** The decoder's cache between steps: self-attention keys/values grow, cross-attention ones are fixed. */
export interface DecoderCache {
  batch: number;
  /** Decoder tokens already in the cache. */
  length: number;
  /** past_key_values.{i}.{decoder|encoder}.{key|value} -> tensor [batch, heads, seq, d_kv] */
  tensors: Map<string, OrtTensor>;
}

export interface EncoderOutput { hidden: OrtTensor; mask: OrtTensor; batch: number; length: number }

export class T5OnnxModel {
  private constructor(
    readonly ort: Ort,
    readonly config: T5Config,
    readonly tokenizer: T5Tokenizer,
    private readonly encoder: OrtSession,
    readonly layout: DecoderLayout,
    private readonly first: OrtSession,
    private readonly withPast: OrtSession,
    readonly files: LoadedFiles,
  ) {
    this.pastNames = pastNames(config);
  }

  private readonly pastNames: string[];

  static async load(ort: Ort, source: ModelSource, options: LoadOptions = {}): Promise<T5OnnxModel> {
    const precision = options.precision ?? 'fp32';
    const configText = await readText(source, 'config.json');
    if (configText === undefined) throw new T5ModelError('MISSING_FILE', `missing in ${source.label}`, 'config.json');
    const config = parseT5Config(configText, await readText(source, 'generation_config.json'));
    const tokenizerText = await readText(source, 'tokenizer.json');
    if (tokenizerText === undefined) throw new T5ModelError('MISSING_FILE', `missing in ${source.label}`, 'tokenizer.json');
    const tokenizer = T5Tokenizer.create(tokenizerText, await readText(source, 'tokenizer_config.json'), config);

    const encoderPath = onnxPath('encoder_model', precision);
    const encoderBytes = await requireFile(source, encoderPath);
    const mergedPath = onnxPath('decoder_model_merged', precision);
    let layout = options.layout;
    let mergedBytes: Uint8Array | undefined;
    if (layout !== 'split') {
      mergedBytes = await source.read(mergedPath);
      if (mergedBytes === undefined && layout === 'merged') throw new T5ModelError('MISSING_FILE', `missing in ${source.label}`, mergedPath);
      layout = mergedBytes ? 'merged' : 'split';
    }
    const sessionOptions = options.sessionOptions;
    const encoder = await createSession(ort, encoderBytes, encoderPath, sessionOptions);
    expectNames(encoder, encoderPath, 'input', ['input_ids', 'attention_mask']);
    expectNames(encoder, encoderPath, 'output', ['last_hidden_state']);

    const past = pastNames(config);
    const presentsAll = past.map((n) => n.replace('past_key_values', 'present'));
    if (layout === 'merged') {
      const merged = await createSession(ort, mergedBytes!, mergedPath, sessionOptions);
      expectNames(merged, mergedPath, 'input', ['input_ids', 'encoder_hidden_states', 'use_cache_branch', ...past]);
      expectNames(merged, mergedPath, 'output', ['logits', ...presentsAll]);
      return new T5OnnxModel(ort, config, tokenizer, encoder, 'merged', merged, merged, { encoder: encoderPath, decoders: [mergedPath] });
    }
    // Read both split files before creating sessions, so a missing second file fails fast.
    const firstPath = onnxPath('decoder_model', precision);
    const pastPath = onnxPath('decoder_with_past_model', precision);
    const firstBytes = await source.read(firstPath);
    if (firstBytes === undefined) {
      throw new T5ModelError('MISSING_FILE', `missing in ${source.label} (and so is ${mergedPath}: a decoder is needed)`, firstPath);
    }
    const pastBytes = await requireFile(source, pastPath);
    const first = await createSession(ort, firstBytes, firstPath, sessionOptions);
    expectNames(first, firstPath, 'input', ['input_ids', 'encoder_hidden_states']);
    expectNames(first, firstPath, 'output', ['logits', ...presentsAll]);
    const withPast = await createSession(ort, pastBytes, pastPath, sessionOptions);
    expectNames(withPast, pastPath, 'input', ['input_ids', ...past]);
    expectNames(withPast, pastPath, 'output', ['logits', ...presentsAll.filter((n) => n.includes('.decoder.'))]);
    return new T5OnnxModel(ort, config, tokenizer, encoder, 'split', first, withPast, { encoder: encoderPath, decoders: [firstPath, pastPath] });
  }

  private int64(values: number[], dims: number[]): OrtTensor {
    return new this.ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);
  }

  /** Runs the encoder over one sequence and repeats its output `batch` times (one row per beam). */
  async encode(ids: number[], batch = 1): Promise<EncoderOutput> {
    const out = await this.encoder.run({ input_ids: this.int64(ids, [1, ids.length]), attention_mask: this.int64(ids.map(() => 1), [1, ids.length]) });
    const hidden1 = out['last_hidden_state']!;
    const data = hidden1.data as Float32Array;
    const tiled = new Float32Array(data.length * batch);
    for (let b = 0; b < batch; b++) tiled.set(data, b * data.length);
    return {
      hidden: new this.ort.Tensor('float32', tiled, [batch, ids.length, this.config.dModel]),
      mask: this.int64(new Array<number>(ids.length * batch).fill(1), [batch, ids.length]),
      batch,
      length: ids.length,
    };
  }

  emptyCache(batch: number): DecoderCache {
    return { batch, length: 0, tensors: new Map() };
  }

  /**
   * One decoder pass over `tokens` (one new token per batch row, or a whole prefix per row when the cache is
   * empty). Returns the logits of the last position, [batch, vocab] flattened, and advances the cache.
   */
  async step(enc: EncoderOutput, cache: DecoderCache, tokens: number[][]): Promise<{ logits: Float32Array; vocab: number }> {
    const batch = tokens.length;
    const qLen = tokens[0]!.length;
    const firstStep = cache.length === 0;
    const session = firstStep ? this.first : this.withPast;
    const available: Record<string, OrtTensor> = {
      input_ids: this.int64(tokens.flat(), [batch, qLen]),
      encoder_attention_mask: enc.mask,
      encoder_hidden_states: enc.hidden,
    };
    if (this.layout === 'merged') {
      available['use_cache_branch'] = new this.ort.Tensor('bool', Uint8Array.of(firstStep ? 0 : 1), [1]);
    }
    const { numHeads, dKv } = this.config;
    for (const name of this.pastNames) {
      const t = cache.tensors.get(name);
      available[name] = t ?? new this.ort.Tensor('float32', new Float32Array(0), [batch, numHeads, 0, dKv]);
    }
    const feeds: Record<string, OrtTensor> = {};
    for (const name of session.inputNames) {
      const t = available[name];
      if (!t) throw new T5ModelError('MODEL_MISMATCH', `asks for an input "${name}" that a T5 decoder does not have`, this.files.decoders[firstStep ? 0 : this.files.decoders.length - 1]);
      feeds[name] = t;
    }
    // Cross-attention keys/values only come from the first step; later steps may return them empty, or (our
    // merged export) as copies of the inputs: not asking for them saves copying them out of onnxruntime each step.
    const fetches = firstStep ? session.outputNames : session.outputNames.filter((n) => !(n.startsWith('present.') && n.includes('.encoder.')));
    const out = await session.run(feeds, fetches);
    for (const name of fetches) {
      if (name.startsWith('present.')) cache.tensors.set(name.replace('present', 'past_key_values'), out[name]!);
    }
    cache.length += qLen;
    const logitsT = out['logits']!;
    const vocab = logitsT.dims[2]!;
    const all = logitsT.data as Float32Array;
    if (qLen === 1) return { logits: all, vocab };
    const last = new Float32Array(batch * vocab);
    for (let b = 0; b < batch; b++) last.set(all.subarray((b * qLen + qLen - 1) * vocab, (b * qLen + qLen) * vocab), b * vocab);
    return { logits: last, vocab };
  }

  /** Reorders the cache rows after a beam-search step: row b of the new cache is row rows[b] of the old. */
  reorderCache(cache: DecoderCache, rows: number[]): void {
    if (rows.every((r, i) => r === i)) return;
    for (const [name, t] of cache.tensors) {
      if (name.includes('.encoder.')) continue; // identical across beams
      const data = t.data as Float32Array;
      const rowSize = data.length / cache.batch;
      const next = new Float32Array(data.length);
      rows.forEach((src, dst) => next.set(data.subarray(src * rowSize, (src + 1) * rowSize), dst * rowSize));
      cache.tensors.set(name, new this.ort.Tensor('float32', next, t.dims));
    }
  }

  async release(): Promise<void> {
    const sessions = new Set([this.encoder, this.first, this.withPast]);
    for (const s of sessions) await s.release();
  }
}

export function pastNames(config: Pick<T5Config, 'numDecoderLayers'>): string[] {
  const names: string[] = [];
  for (let i = 0; i < config.numDecoderLayers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) names.push(`past_key_values.${i}.${part}`);
  }
  return names;
}
