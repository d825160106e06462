// ROUGE-N and ROUGE-L as Google's rouge-score package computes them (its default tokenizer: lower case,
// anything but [a-z0-9] separates tokens, optional Porter stemming of tokens longer than 3 characters).
// Several references: each score type takes the reference with the best F-measure (rouge-score's
// `score_multi`). Over a corpus, F-measures are averaged per example.
import { PorterStemmer } from './porterStemmer';

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export type RougeType = 'rouge1' | 'rouge2' | 'rougeL';

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
const VALID_TOKEN = /^[a-z0-9]+$/;

/** rouge-score's default tokenizer. */
export function rougeTokenize(text: string, stemmer?: { stem(word: string): string }): string[] {
  const tokens = text.toLowerCase().replace(NON_ALPHANUMERIC, ' ').split(/\s+/);
  const stemmed = stemmer ? tokens.map((token) => (token.length > 3 ? stemmer.stem(token) : token)) : tokens;
  return stemmed.filter((token) => VALID_TOKEN.test(token));
}

/** rouge-score's `fmeasure`: the harmonic mean, 0 when both are 0. */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N: clipped n-gram overlap over the prediction's (precision) and the target's (recall) n-gram counts. */
export function rougeN(targetTokens: readonly string[], predictionTokens: readonly string[], n: number): RougeScore {
  const target = ngramCounts(targetTokens, n);
  const prediction = ngramCounts(predictionTokens, n);
  let overlap = 0;
  let targetTotal = 0;
  for (const [gram, count] of target) {
    overlap += Math.min(count, prediction.get(gram) ?? 0);
    targetTotal += count;
  }
  let predictionTotal = 0;
  for (const count of prediction.values()) predictionTotal += count;
  const precision = overlap / Math.max(predictionTotal, 1);
  const recall = overlap / Math.max(targetTotal, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence (two rows of the DP table). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** ROUGE-L: the longest common subsequence over the prediction's and the target's lengths; 0 if either is empty. */
export function rougeL(targetTokens: readonly string[], predictionTokens: readonly string[]): RougeScore {
  if (targetTokens.length === 0 || predictionTokens.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(targetTokens, predictionTokens);
  const precision = lcs / predictionTokens.length;
  const recall = lcs / targetTokens.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

export interface RougeOptions {
  /** Porter stemming as rouge-score's `use_stemmer=True` (default off). */
  useStemmer?: boolean;
}

/** Scores a prediction against one or more targets; per type, the target with the best F-measure (the first on a tie). */
export class RougeScorer {
  private readonly stemmer: { stem(word: string): string } | undefined;

  constructor(
    readonly types: readonly RougeType[],
    options: RougeOptions = {},
  ) {
    if (options.useStemmer) {
      // A corpus repeats its words: stem each distinct word once.
      const porter = new PorterStemmer('NLTK_EXTENSIONS');
      const stems = new Map<string, string>();
      this.stemmer = {
        stem(word) {
          let stem = stems.get(word);
          if (stem === undefined) stems.set(word, (stem = porter.stem(word)));
          return stem;
        },
      };
    }
  }

  tokenize(text: string): string[] {
    return rougeTokenize(text, this.stemmer);
  }

  score(target: string, prediction: string): Record<RougeType, RougeScore> {
    return this.scoreTokens(this.tokenize(target), this.tokenize(prediction));
  }

  scoreMulti(targets: readonly string[], prediction: string): Record<RougeType, RougeScore> {
    if (targets.length === 0) throw new RangeError('scoreMulti needs at least one target');
    const predictionTokens = this.tokenize(prediction);
    const perTarget = targets.map((target) => this.scoreTokens(this.tokenize(target), predictionTokens));
    const best = {} as Record<RougeType, RougeScore>;
    for (const type of this.types) {
      let top = perTarget[0]![type];
      for (const scores of perTarget) if (scores[type].fmeasure > top.fmeasure) top = scores[type];
      best[type] = top;
    }
    return best;
  }

  private scoreTokens(target: readonly string[], prediction: readonly string[]): Record<RougeType, RougeScore> {
    const result = {} as Record<RougeType, RougeScore>;
    for (const type of this.types) {
      result[type] = type === 'rougeL' ? rougeL(target, prediction) : rougeN(target, prediction, type === 'rouge1' ? 1 : 2);
    }
    return result;
  }
}
