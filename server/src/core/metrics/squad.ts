// SQuAD's exact match and token F1, as the official evaluate-v2.0.py computes them: answers are normalized
// (lower case, ASCII punctuation removed, the articles a/an/the removed, whitespace collapsed), each question
// takes its best score over the gold answers, and gold answers that normalize to nothing are dropped
// (a question left with none is scored against the empty answer).
import { PYTHON_WORD_CHAR, pythonSplit } from './pythonText';

/** Python's `string.punctuation`. */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** `\b(a|an|the)\b` with Python 3's Unicode word boundaries. */
const ARTICLES = new RegExp(`(?<![${PYTHON_WORD_CHAR}])(?:a|an|the)(?![${PYTHON_WORD_CHAR}])`, 'gu');

/** SQuAD's `normalize_answer`. */
export function normalizeSquadAnswer(text: string): string {
  const lowered = text.toLowerCase();
  const withoutPunctuation = lowered.replace(ASCII_PUNCTUATION, '');
  const withoutArticles = withoutPunctuation.replace(ARTICLES, ' ');
  return pythonSplit(withoutArticles).join(' ');
}

function answerTokens(text: string): string[] {
  return text ? pythonSplit(normalizeSquadAnswer(text)) : [];
}

/** 1 when the normalized answers are equal, else 0. */
export function squadExactMatch(gold: string, prediction: string): number {
  return normalizeSquadAnswer(gold) === normalizeSquadAnswer(prediction) ? 1 : 0;
}

/** Token F1 between a gold answer and a prediction; two empty answers agree (1), one empty one gets 0. */
export function squadF1(gold: string, prediction: string): number {
  const goldTokens = answerTokens(gold);
  const predictedTokens = answerTokens(prediction);
  if (goldTokens.length === 0 || predictedTokens.length === 0) {
    return goldTokens.length === predictedTokens.length ? 1 : 0;
  }
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

/** The gold answers a question is scored against (evaluate-v2.0.py drops answers that normalize to ''). */
function goldAnswers(references: readonly string[]): string[] {
  const kept = references.filter((answer) => normalizeSquadAnswer(answer) !== '');
  return kept.length > 0 ? kept : [''];
}

/** Best exact match of one prediction over its references. */
export function bestExactMatch(references: readonly string[], prediction: string): number {
  return Math.max(...goldAnswers(references).map((gold) => squadExactMatch(gold, prediction)));
}

/** Best token F1 of one prediction over its references. */
export function bestF1(references: readonly string[], prediction: string): number {
  return Math.max(...goldAnswers(references).map((gold) => squadF1(gold, prediction)));
}
