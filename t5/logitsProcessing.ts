// Logits processors and warpers with Hugging Face transformers' semantics (RepetitionPenaltyLogitsProcessor,
// NoRepeatNGramLogitsProcessor, Temperature/TopK/TopP warpers), on one row of logits at a time, in place.

import { mulberry32 } from '../contracts/random';

/** Scores of tokens already in `sequence` are divided (if positive) or multiplied (if negative) by `penalty`. */
export function applyRepetitionPenalty(logits: Float32Array, sequence: readonly number[], penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(sequence)) {
    const s = logits[id]!;
    logits[id] = s < 0 ? s * penalty : s / penalty;
  }
}

/** Tokens that would complete an n-gram already present in `sequence`. */
export function bannedNgramTokens(sequence: readonly number[], n: number): number[] {
  if (n <= 0 || sequence.length + 1 < n) return [];
  const prefix = sequence.slice(sequence.length - (n - 1));
  const banned: number[] = [];
  for (let start = 0; start + n <= sequence.length; start++) {
    let match = true;
    for (let j = 0; j < n - 1; j++) {
      if (sequence[start + j] !== prefix[j]) {
        match = false;
        break;
      }
    }
    if (match) banned.push(sequence[start + n - 1]!);
  }
  return banned;
}

export function applyNoRepeatNgram(logits: Float32Array, sequence: readonly number[], n: number): void {
  for (const id of bannedNgramTokens(sequence, n)) logits[id] = -Infinity;
}

/** Ids at or above `limit` (embedding rows past the tokenizer's vocabulary) can never be produced. */
export function maskBeyond(logits: Float32Array, limit: number): void {
  logits.fill(-Infinity, limit);
}

export function argmax(logits: Float32Array): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    if (logits[i]! > bestValue) {
      bestValue = logits[i]!;
      best = i;
    }
  }
  return best;
}

export function logSoftmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return logits.map((v) => v - lse);
}

/**
 * Temperature, then top-k, then top-p (nucleus) filtering, then a draw with `random` in [0, 1).
 * top-p keeps the smallest set of most likely tokens whose probability reaches `topP` (at least one token).
 */
export function sampleToken(logits: Float32Array, temperature: number, topK: number, topP: number, random: () => number): number {
  const candidates: Array<{ id: number; logit: number }> = [];
  for (let i = 0; i < logits.length; i++) if (logits[i]! > -Infinity) candidates.push({ id: i, logit: logits[i]! / temperature });
  if (candidates.length === 0) return argmax(logits);
  candidates.sort((a, b) => b.logit - a.logit || a.id - b.id);
  const kept = topK > 0 ? candidates.slice(0, topK) : candidates;
  const max = kept[0]!.logit;
  const probs = kept.map((c) => Math.exp(c.logit - max));
  const total = probs.reduce((a, b) => a + b, 0);
  let count = kept.length;
  if (topP < 1) {
    let cumulative = 0;
    for (let i = 0; i < kept.length; i++) {
      cumulative += probs[i]! / total;
      if (cumulative >= topP) {
        count = i + 1;
        break;
      }
    }
  }
  const mass = probs.slice(0, count).reduce((a, b) => a + b, 0);
  let r = random() * mass;
  for (let i = 0; i < count; i++) {
    r -= probs[i]!;
    if (r < 0) return kept[i]!.id;
  }
  return kept[count - 1]!.id;
}

/** The seeded generator of sampling (mulberry32, the one copy shared with the test-model generator). */
export const seededRandom = mulberry32;
