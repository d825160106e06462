// Corpus BLEU as sacreBLEU 2.6.0 computes it (Post 2018): its 13a tokenizer (mteval-v13a.pl's), clipped
// n-gram counts against the per-n-gram maximum over a segment's references, the closest reference length
// (the shorter on a tie) for the brevity penalty, and its smoothing methods. Defaults are sacreBLEU's:
// 13a, mixed case, exp smoothing, no effective order, n-grams up to 4. The `intl` tokenizer is the one T5's own
// `bleu` metric (t5.evaluation.metrics) passes to sacreBLEU.
import { pythonRstrip, pythonSplit } from './pythonText';

/** The sacreBLEU release whose behaviour and signature format this follows. */
export const SACREBLEU_VERSION = '2.6.0';

export type BleuTokenizer = '13a' | 'intl' | 'none';
export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';

export interface BleuOptions {
  tokenize?: BleuTokenizer;
  lowercase?: boolean;
  smoothMethod?: BleuSmoothing;
  /** For floor (default 0.1) and add-k (default 1). */
  smoothValue?: number;
  effectiveOrder?: boolean;
  maxNgramOrder?: number;
}

export interface BleuScore {
  /** 0-100, as sacreBLEU reports it. */
  score: number;
  /** Matching n-grams per order (1..max). */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
  /** Per-order precisions, 0-100. */
  precisions: number[];
  brevityPenalty: number;
  sysLen: number;
  refLen: number;
}

const SMOOTH_DEFAULTS: Record<BleuSmoothing, number | undefined> = { none: undefined, floor: 0.1, 'add-k': 1, exp: undefined };

/** sacreBLEU's `my_log`: log(0) is a very negative number rather than -Infinity. */
const flooredLog = (x: number) => (x === 0 ? -9999999999 : Math.log(x));

// The three patterns are sacreBLEU's own (tokenizer_13a.py), escapes included, so they can be compared by eye.
// eslint-disable-next-line no-useless-escape
const SYMBOLS = /([\{-\~\[-\` -\&\(-\+\:-\@\/])/g;
// eslint-disable-next-line no-useless-escape
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([\.,])/g;
// eslint-disable-next-line no-useless-escape
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([\.,])([^0-9])/g;
const DASH_AFTER_DIGIT = /([0-9])(-)/g;

/** sacreBLEU's `13a` tokenizer (mteval-v13a.pl): unescape a few entities, split off punctuation and symbols. */
export function tokenize13a(line: string): string {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) {
    text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  text = ` ${text} `
    .replace(SYMBOLS, ' $1 ')
    .replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ')
    .replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2')
    .replace(DASH_AFTER_DIGIT, '$1 $2 ');
  return pythonSplit(text).join(' ');
}

// sacreBLEU's TokenizerV14International, with Unicode general categories as the `regex` module reads them.
const INTL_PUNCT_AFTER_NON_DIGIT = /(\P{N})(\p{P})/gu;
const INTL_PUNCT_BEFORE_NON_DIGIT = /(\p{P})(\P{N})/gu;
const INTL_SYMBOL = /(\p{S})/gu;

/** sacreBLEU's `intl` tokenizer (mteval-v14's international tokenization): split off Unicode punctuation next to a
 * non-digit, and every Unicode symbol. */
export function tokenizeIntl(line: string): string {
  const text = line.replace(INTL_PUNCT_AFTER_NON_DIGIT, '$1 $2 ').replace(INTL_PUNCT_BEFORE_NON_DIGIT, ' $1 $2').replace(INTL_SYMBOL, ' $1 ');
  return pythonSplit(text).join(' ');
}

const TOKENIZE: Record<BleuTokenizer, (line: string) => string> = { '13a': tokenize13a, intl: tokenizeIntl, none: (line) => line };
export const BLEU_TOKENIZERS = Object.keys(TOKENIZE) as readonly BleuTokenizer[];

export function isBleuTokenizer(name: string): name is BleuTokenizer {
  return Object.hasOwn(TOKENIZE, name);
}

type NgramCounts = Map<string, number>[];

/** n-gram counts per order (index n-1) and the token count of a tokenized line. */
function extractNgrams(line: string, maxOrder: number): { ngrams: NgramCounts; length: number } {
  const tokens = pythonSplit(line);
  const ngrams: NgramCounts = [];
  for (let n = 1; n <= maxOrder; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    ngrams.push(counts);
  }
  return { ngrams, length: tokens.length };
}

/** The reference length closest to the hypothesis length; the shorter one on a tie. */
function closestReferenceLength(hypothesisLength: number, referenceLengths: readonly number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const length of referenceLengths) {
    const diff = Math.abs(hypothesisLength - length);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = length;
    } else if (diff === closestDiff && length < closestLen) {
      closestLen = length;
    }
  }
  return closestLen;
}

/**
 * BLEU from its sufficient statistics (sacreBLEU's `compute_bleu`). With no matching n-gram at all the score is 0;
 * an order with no hypothesis n-grams stops the precision loop (its log then floors the score to 0 unless
 * `effectiveOrder` drops it).
 */
export function computeBleu(
  correctIn: readonly number[],
  totalIn: readonly number[],
  sysLen: number,
  refLen: number,
  options: Pick<BleuOptions, 'smoothMethod' | 'smoothValue' | 'effectiveOrder' | 'maxNgramOrder'> = {},
): BleuScore {
  const method = options.smoothMethod ?? 'none';
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[method] ?? 0;
  const maxOrder = options.maxNgramOrder ?? 4;
  const correct = [...correctIn];
  const total = [...totalIn];
  let brevityPenalty = 1;
  if (sysLen < refLen) brevityPenalty = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(maxOrder).fill(0);
  const result = (score: number): BleuScore => ({ score, counts: correct, totals: total, precisions, brevityPenalty, sysLen, refLen });
  if (!correct.some((c) => c !== 0)) return result(0);
  let smoothMteval = 1;
  let effectiveOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1]! += smoothValue;
      total[n - 1]! += smoothValue;
    }
    if (total[n - 1] === 0) break;
    if (options.effectiveOrder) effectiveOrder = n;
    if (correct[n - 1] === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]!);
      } else if (method === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / total[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * correct[n - 1]!) / total[n - 1]!;
    }
  }
  let logSum = 0;
  for (const p of precisions.slice(0, effectiveOrder)) logSum += flooredLog(p);
  return result(brevityPenalty * Math.exp(logSum / effectiveOrder));
}

export interface CorpusBleu extends BleuScore {
  /** Number of references per segment, or 'var' when it varies (as in the signature). */
  nrefs: number | 'var';
  signature: string;
}

/**
 * sacreBLEU's `corpus_score`: each hypothesis with its own list of references (several for multi-reference
 * sets; an empty string is a reference too, as in sacreBLEU 2.x). Statistics are summed over the corpus before
 * BLEU is computed.
 */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly string[])[], options: BleuOptions = {}): CorpusBleu {
  if (hypotheses.length !== references.length) throw new RangeError('corpusBleu needs one reference list per hypothesis');
  const maxOrder = options.maxNgramOrder ?? 4;
  const tokenize = options.tokenize ?? '13a';
  const preprocess = (line: string) => {
    const text = pythonRstrip(options.lowercase ? line.toLowerCase() : line);
    return TOKENIZE[tokenize](text);
  };
  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let sysLen = 0;
  let refLen = 0;
  const referenceCounts = new Set<number>();
  for (let i = 0; i < hypotheses.length; i++) {
    const refs = references[i]!;
    referenceCounts.add(refs.length);
    const maxRefCounts: NgramCounts = Array.from({ length: maxOrder }, () => new Map<string, number>());
    const refLengths: number[] = [];
    for (const ref of refs) {
      const { ngrams, length } = extractNgrams(preprocess(ref), maxOrder);
      refLengths.push(length);
      ngrams.forEach((counts, order) => {
        const merged = maxRefCounts[order]!;
        for (const [gram, count] of counts) merged.set(gram, Math.max(merged.get(gram) ?? 0, count));
      });
    }
    const hyp = extractNgrams(preprocess(hypotheses[i]!), maxOrder);
    sysLen += hyp.length;
    refLen += closestReferenceLength(hyp.length, refLengths);
    hyp.ngrams.forEach((counts, order) => {
      for (const [gram, count] of counts) {
        total[order]! += count;
        correct[order]! += Math.min(count, maxRefCounts[order]!.get(gram) ?? 0);
      }
    });
  }
  const score = computeBleu(correct, total, sysLen, refLen, {
    smoothMethod: options.smoothMethod ?? 'exp',
    ...(options.smoothValue !== undefined ? { smoothValue: options.smoothValue } : {}),
    effectiveOrder: options.effectiveOrder ?? false,
    maxNgramOrder: maxOrder,
  });
  const nrefs = referenceCounts.size === 1 ? [...referenceCounts][0]! : 'var';
  return { ...score, nrefs, signature: bleuSignature(nrefs, options) };
}

/** sacreBLEU's reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`. */
export function bleuSignature(nrefs: number | 'var', options: BleuOptions = {}): string {
  const method = options.smoothMethod ?? 'exp';
  const defaultValue = SMOOTH_DEFAULTS[method];
  const smooth = defaultValue === undefined ? method : `${method}[${(options.smoothValue ?? defaultValue).toFixed(2)}]`;
  return [
    `nrefs:${nrefs}`,
    `case:${options.lowercase ? 'lc' : 'mixed'}`,
    `eff:${options.effectiveOrder ? 'yes' : 'no'}`,
    `tok:${options.tokenize ?? '13a'}`,
    `smooth:${smooth}`,
    `version:${SACREBLEU_VERSION}`,
  ].join('|');
}
