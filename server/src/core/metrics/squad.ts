// SQuAD's exact match and token F1 as T5 computes them (t5/evaluation/metrics.py `squad`, qa_utils.py): answers
// are normalized as the official SQuAD script does (lower case, ASCII punctuation removed, the articles a/an/the
// removed, whitespace collapsed), and each question takes its best score over ALL its references, a reference
// that normalizes to "" included (T5 drops none, so an empty prediction matches it exactly). Token F1 is 0 when
// no token is shared, which includes two empty answers (qa_utils' `num_same == 0`).
import { PYTHON_WORD_CHAR, pythonSplit } from './pythonText';

/** Python's `string.punctuation`. */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** `\b(a|an|the)\b` with Python 3's Unicode word boundaries. */
const ARTICLES = new RegExp(`(?<![${PYTHON_WORD_CHAR}])(?:a|an|the)(?![${PYTHON_WORD_CHAR}])`, 'gu');

/** SQuAD's `normalize_answer` (T5's `normalize_squad`). */
export function normalizeSquadAnswer(text: string): string {
  const lowered = text.toLowerCase();
  const withoutPunctuation = lowered.replace(ASCII_PUNCTUATION, '');
  const withoutArticles = withoutPunctuation.replace(ARTICLES, ' ');
  return pythonSplit(withoutArticles).join(' ');
}

/** 1 when the normalized answers are equal (both empty included), else 0. */
export function squadExactMatch(gold: string, prediction: string): number {
  return normalizeSquadAnswer(gold) === normalizeSquadAnswer(prediction) ? 1 : 0;
}

/** Token F1 between a gold answer and a prediction; 0 when they share no token, so also when both are empty. */
export function squadF1(gold: string, prediction: string): number {
  const goldTokens = pythonSplit(normalizeSquadAnswer(gold));
  const predictedTokens = pythonSplit(normalizeSquadAnswer(prediction));
  const goldCounts = new Map<string, number>();
  for (const token of goldTokens) goldCounts.set(token, (goldCounts.get(token) ?? 0) + 1);
  let same = 0;
  for (const token of predictedTokens) {
    const left = goldCounts.get(token) ?? 0;
    if (left > 0) {
      same++;
      goldCounts.set(token, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predictedTokens.length;
  const recall = same / goldTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best of `score` over every reference (T5's `_metric_max_over_ground_truths`). */
function bestOver(references: readonly string[], prediction: string, score: (gold: string, prediction: string) => number): number {
  if (references.length === 0) throw new RangeError('a question needs at least one reference');
  let best = -Infinity;
  for (const gold of references) best = Math.max(best, score(gold, prediction));
  return best;
}

/** Best exact match of one prediction over its references. */
export function bestExactMatch(references: readonly string[], prediction: string): number {
  return bestOver(references, prediction, squadExactMatch);
}

/** Best token F1 of one prediction over its references. */
export function bestF1(references: readonly string[], prediction: string): number {
  return bestOver(references, prediction, squadF1);
}
