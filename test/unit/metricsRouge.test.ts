// ROUGE against rouge-score's published tests (google-research rouge/rouge_scorer_test.py), whose
// "*AgainstRouge155" numbers are those of the original ROUGE-1.5.5 perl script on rouge/testdata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RougeScorer, type RougeScore } from '../../server/src/core/metrics';

const DATA = join(__dirname, '../../../test/fixtures/eval/rouge');
const lines = (name: string) => readFileSync(join(DATA, name), 'utf8').split(/(?<=\n)/);
const targets = lines('target.txt');
const predictions = lines('prediction.txt');

function close(score: RougeScore, expected: { precision: number; recall: number; fmeasure: number }, places = 7) {
  for (const key of ['precision', 'recall', 'fmeasure'] as const) {
    assert.ok(Math.abs(score[key] - expected[key]) < 0.5 * 10 ** -places, `${key}: ${score[key]} vs ${expected[key]}`);
  }
}

test('testRouge1, testRouge2, testRougeLConsecutive, testRougeLNonConsecutive, testMultipleRougeTypes', () => {
  close(new RougeScorer(['rouge1']).score('testing one two', 'testing').rouge1, { precision: 1, recall: 1 / 3, fmeasure: 1 / 2 });
  close(new RougeScorer(['rouge2']).score('testing one two', 'testing one').rouge2, { precision: 1, recall: 1 / 2, fmeasure: 2 / 3 });
  close(new RougeScorer(['rougeL']).score('testing one two', 'testing one').rougeL, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 });
  close(new RougeScorer(['rougeL']).score('testing one two', 'testing two').rougeL, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 });
  const both = new RougeScorer(['rouge1', 'rougeL']).score('testing one two', 'testing one');
  assert.deepEqual(Object.keys(both).sort(), ['rouge1', 'rougeL']);
  close(both.rouge1, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 });
  close(both.rougeL, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 });
});

test('testRougeEmpty: an empty prediction scores 0 for every type', () => {
  for (const type of ['rouge1', 'rouge2', 'rougeL'] as const) {
    close(new RougeScorer([type]).score('testing one two', '')[type], { precision: 0, recall: 0, fmeasure: 0 });
  }
});

test('testRouge1AgainstRouge155 (with and without stemming)', () => {
  const plain = new RougeScorer(['rouge1']);
  close(plain.score(targets[0]!, predictions[0]!).rouge1, { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 }, 5);
  close(plain.score(targets[1]!, predictions[1]!).rouge1, { recall: 0.40476, precision: 0.65385, fmeasure: 0.5 }, 5);
  const stemmed = new RougeScorer(['rouge1'], { useStemmer: true });
  close(stemmed.score(targets[0]!, predictions[0]!).rouge1, { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 }, 5);
  close(stemmed.score(targets[1]!, predictions[1]!).rouge1, { recall: 0.42857, precision: 0.69231, fmeasure: 0.52941 }, 5);
});

test('testRouge2AgainstRouge155 (with and without stemming)', () => {
  for (const useStemmer of [false, true]) {
    const scorer = new RougeScorer(['rouge2'], { useStemmer });
    close(scorer.score(targets[0]!, predictions[0]!).rouge2, { recall: 0.30769, precision: 0.53333, fmeasure: 0.39024 }, 5);
    close(scorer.score(targets[1]!, predictions[1]!).rouge2, { recall: 0.29268, precision: 0.48, fmeasure: 0.36364 }, 5);
  }
});

test('testRougeLAgainstRouge155', () => {
  const scorer = new RougeScorer(['rougeL']);
  close(scorer.score(targets[0]!, predictions[0]!).rougeL, { recall: 0.40741, precision: 0.6875, fmeasure: 0.51163 }, 5);
  close(scorer.score(targets[1]!, predictions[1]!).rougeL, { recall: 0.40476, precision: 0.65385, fmeasure: 0.5 }, 5);
});

test('score_multi keeps, per type, the target with the best F-measure', () => {
  const scorer = new RougeScorer(['rouge1', 'rouge2']);
  const best = scorer.scoreMulti(['testing', 'testing one two'], 'testing one');
  close(best.rouge1, { precision: 1, recall: 2 / 3, fmeasure: 4 / 5 });
  close(best.rouge2, { precision: 1, recall: 1 / 2, fmeasure: 2 / 3 });
  // Ties keep the first target (numpy.argmax).
  const tie = scorer.scoreMulti(['a b', 'b a'], 'a');
  close(tie.rouge1, { precision: 1, recall: 1 / 2, fmeasure: 2 / 3 });
});
