// The generation loop over T5OnnxModel: greedy, sampling and beam search, with the key/value cache, streaming
// each new token's text, and the timings a run shows (encoder, time to first token, ms per token).
import type { DecoderCache, EncoderOutput, T5OnnxModel } from './model';
import { applyNoRepeatNgram, applyRepetitionPenalty, argmax, logSoftmax, maskBeyond, sampleToken, seededRandom } from './logitsProcessing';
import { resolveSettings, type GenerationSettings } from './settings';

export interface GenerationTimings {
  /** Encoder run, ms. */
  encoderMs: number;
  /** From the start of generate() to the first new token (encoder + first decoder step), ms. */
  firstTokenMs: number;
  /** Mean time of each decoder step after the first, ms (0 with a single token). */
  msPerToken: number;
  tokensPerSecond: number;
  totalMs: number;
}

export interface GenerationOutput { text: string; tokenIds: number[] }
export interface GenerationResult { outputs: GenerationOutput[]; timings: GenerationTimings; inputIds: number[] }

export interface GenerateCallbacks {
  /** Called with each new token and its text as soon as it is chosen (for beam search: the final best, at the end). */
  onToken?: (tokenId: number, text: string) => void;
  /**
   * Beam search only: after each step, the whole text of the best hypothesis so far (a finished one, or the leading
   * live beam), which later steps may revise. The last preview is the result, which then also arrives by onToken.
   */
  onPreview?: (text: string) => void;
  /** Checked between steps; true stops generation early with what was produced so far. */
  shouldStop?: () => boolean;
}

const now = (): number => performance.now();

class StepClock {
  readonly start = now();
  encoderMs = 0;
  firstTokenMs = 0;
  private steps: number[] = [];
  private last = 0;
  markEncoder(t0: number): void {
    this.encoderMs = now() - t0;
  }
  markToken(): void {
    const t = now();
    if (this.firstTokenMs === 0) this.firstTokenMs = t - this.start;
    else this.steps.push(t - this.last);
    this.last = t;
  }
  timings(): GenerationTimings {
    const msPerToken = this.steps.length ? this.steps.reduce((a, b) => a + b, 0) / this.steps.length : 0;
    return { encoderMs: this.encoderMs, firstTokenMs: this.firstTokenMs, msPerToken, tokensPerSecond: msPerToken ? 1000 / msPerToken : 0, totalMs: now() - this.start };
  }
}

/** `sequence` starts with the decoder start token. */
function processRow(model: T5OnnxModel, row: Float32Array, sequence: readonly number[], s: GenerationSettings): void {
  maskBeyond(row, model.tokenizer.vocabSize);
  if (sequence.length - 1 < s.minNewTokens) for (const id of model.config.eosTokenIds) row[id] = -Infinity;
  applyRepetitionPenalty(row, sequence, s.repetitionPenalty);
  applyNoRepeatNgram(row, sequence, s.noRepeatNgramSize);
}

/** Generates from a prompt (text) or from input ids. */
export async function generate(
  model: T5OnnxModel,
  prompt: string | number[],
  partial: Partial<GenerationSettings> = {},
  callbacks: GenerateCallbacks = {},
): Promise<GenerationResult> {
  const s = resolveSettings(partial);
  const inputIds = typeof prompt === 'string' ? model.tokenizer.encode(prompt) : prompt;
  return s.numBeams > 1 ? beamSearch(model, inputIds, s, callbacks) : greedyOrSample(model, inputIds, s, callbacks);
}

async function greedyOrSample(model: T5OnnxModel, inputIds: number[], s: GenerationSettings, cb: GenerateCallbacks): Promise<GenerationResult> {
  const clock = new StepClock();
  const t0 = now();
  const enc = await model.encode(inputIds, 1);
  clock.markEncoder(t0);
  const random = seededRandom(s.seed);
  const eos = new Set(model.config.eosTokenIds);
  const sequence = [model.config.decoderStartTokenId];
  const cache = model.emptyCache(1);
  const stream = model.tokenizer.streamDecoder();
  const generated: number[] = [];
  while (generated.length < s.maxNewTokens && !cb.shouldStop?.()) {
    // The logits are this step's own copy out of onnxruntime: processed in place, no second copy.
    const { logits: row } = await model.step(enc, cache, [[sequence[sequence.length - 1]!]]);
    processRow(model, row, sequence, s);
    const next = s.doSample ? sampleToken(row, s.temperature, s.topK, s.topP, random) : argmax(row);
    clock.markToken();
    sequence.push(next);
    generated.push(next);
    cb.onToken?.(next, eos.has(next) ? '' : stream(next));
    if (eos.has(next)) break;
  }
  return { outputs: [{ text: model.tokenizer.decode(generated), tokenIds: generated }], timings: clock.timings(), inputIds };
}

interface Hypothesis { tokens: number[]; score: number }

/** Beam search as Hugging Face's BeamSearchScorer does it (one input, numBeams rows of the decoder batch). */
export async function beamSearch(model: T5OnnxModel, inputIds: number[], s: GenerationSettings, cb: GenerateCallbacks = {}): Promise<GenerationResult> {
  const k = s.numBeams;
  const clock = new StepClock();
  const t0 = now();
  const enc: EncoderOutput = await model.encode(inputIds, k);
  clock.markEncoder(t0);
  const eos = new Set(model.config.eosTokenIds);
  const start = model.config.decoderStartTokenId;
  let beams: number[][] = Array.from({ length: k }, () => [start]);
  // Only the first beam is live at the start, or the k identical beams would fill the beam with copies.
  let beamScores: number[] = Array.from({ length: k }, (_, i) => (i === 0 ? 0 : -1e9));
  const finished: Hypothesis[] = [];
  const cache: DecoderCache = model.emptyCache(k);
  const scoreOf = (sumLogprobs: number, length: number) => sumLogprobs / length ** s.lengthPenalty;
  const worstFinished = () => (finished.length < k ? -Infinity : Math.min(...finished.map((h) => h.score)));
  const addFinished = (tokens: number[], sumLogprobs: number) => {
    const score = scoreOf(sumLogprobs, tokens.length - 1);
    if (finished.length < k || score > worstFinished()) {
      finished.push({ tokens, score });
      finished.sort((a, b) => b.score - a.score);
      if (finished.length > k) finished.pop();
    }
  };
  let done = false;
  // What the result would be if the search stopped now: the same choice as after the loop (finished hypotheses
  // first on ties; while the search goes on, the live beams count too, as they do when it runs out of steps).
  const preview = (generatedLength: number) => {
    if (!cb.onPreview) return;
    const top = finished[0];
    const best = top && (done || top.score >= scoreOf(beamScores[0]!, generatedLength)) ? top.tokens : beams[0]!;
    cb.onPreview(model.tokenizer.decode(best.slice(1)));
  };
  for (let step = 0; step < s.maxNewTokens && !done && !cb.shouldStop?.(); step++) {
    const { logits, vocab } = await model.step(enc, cache, beams.map((b) => [b[b.length - 1]!]));
    const candidates: Array<{ beam: number; token: number; score: number }> = [];
    for (let b = 0; b < k; b++) {
      const row = logits.slice(b * vocab, (b + 1) * vocab);
      processRow(model, row, beams[b]!, s);
      const lp = logSoftmax(row);
      // The best 2k tokens of each beam are enough to find the best 2k overall.
      const top = topIndices(lp, 2 * k);
      for (const t of top) candidates.push({ beam: b, token: t, score: beamScores[b]! + lp[t]! });
    }
    candidates.sort((a, b) => b.score - a.score || a.beam - b.beam || a.token - b.token);
    const nextBeams: number[][] = [];
    const nextScores: number[] = [];
    const rows: number[] = [];
    for (let rank = 0; rank < candidates.length && nextBeams.length < k; rank++) {
      const c = candidates[rank]!;
      if (c.score <= -1e8) break;
      const tokens = [...beams[c.beam]!, c.token];
      if (eos.has(c.token)) {
        // An end among the first k candidates finishes a hypothesis; past the first k it is not better than the live beams.
        if (rank < k) addFinished(tokens, c.score);
        continue;
      }
      nextBeams.push(tokens);
      nextScores.push(c.score);
      rows.push(c.beam);
    }
    clock.markToken();
    if (nextBeams.length < k) {
      // Every continuation ended; nothing left to search.
      done = true;
      preview(step + 1);
      break;
    }
    const generatedLength = step + 1;
    if (finished.length >= k) {
      if (s.earlyStopping) done = true;
      else {
        const bestPossible = scoreOf(Math.max(...nextScores), generatedLength);
        done = worstFinished() >= bestPossible;
      }
    }
    model.reorderCache(cache, rows);
    beams = nextBeams;
    beamScores = nextScores;
    preview(generatedLength);
  }
  if (!done) for (let b = 0; b < k; b++) if (beamScores[b]! > -1e8) addFinished(beams[b]!, beamScores[b]!);
  const best = finished[0] ?? { tokens: beams[0]!, score: 0 };
  const tokenIds = best.tokens.slice(1);
  if (cb.onToken) {
    const stream = model.tokenizer.streamDecoder();
    for (const id of tokenIds) cb.onToken(id, eos.has(id) ? '' : stream(id));
  }
  return { outputs: [{ text: model.tokenizer.decode(tokenIds), tokenIds }], timings: clock.timings(), inputIds };
}

function topIndices(values: Float32Array, n: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === -Infinity) continue;
    if (best.length < n) {
      best.push(i);
      best.sort((a, b) => values[b]! - values[a]! || a - b);
    } else if (v > values[best[n - 1]!]!) {
      best[n - 1] = i;
      best.sort((a, b) => values[b]! - values[a]! || a - b);
    }
  }
  return best;
}
