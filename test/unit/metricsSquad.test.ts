// Exact match and F1 with SQuAD's answer normalization, scored as T5's qa_utils does, checked on
// T5's published cases (t5/evaluation/metrics_test.py: test_same_squad, test_different_squad, test_squad_big,
// test_squad_small; T5 reports them x100).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestExactMatch, bestF1, normalizeSquadAnswer, scoreExamples, squadF1 } from '../../server/src/core/metrics';

const squad = (targets: string[][], predictions: string[]) =>
  scoreExamples(
    predictions.map((prediction, i) => ({ prediction, references: targets[i]! })),
    ['exact_match', 'f1'],
  ).metrics;

test("T5's SQuAD cases", () => {
  const ref = 'this is a string';
  assert.deepEqual(squad([['', ref], [ref, ref]], [ref, ref]), { exact_match: 1, f1: 1 });
  assert.deepEqual(squad([[ref, ref], [ref, ref]], ['', '']), { exact_match: 0, f1: 0 });
  const big = squad([['big moose', 'hippo'], ['correct1'], ['correct2.1', 'correct2.2'], ['a', 'b']], ['‘a big  Moose!‘', 'wrong', 'correct2.2', 'c']);
  assert.ok(Math.abs(big.exact_match! - 0.25) < 1e-9 && Math.abs(big.f1! - 0.35) < 1e-9, JSON.stringify(big));
  const small = squad([['abc abd', '$$$$']], ['abd']);
  assert.equal(small.exact_match, 0);
  assert.ok(Math.abs(small.f1! - 2 / 3) < 1e-12);
});

test('normalization: lower case, ASCII punctuation, articles at Unicode word boundaries, whitespace', () => {
  assert.equal(normalizeSquadAnswer('The  Big, (Moose)!'), 'big moose');
  assert.equal(normalizeSquadAnswer('an apple a day'), 'apple day');
  // Python's \b is Unicode-aware: "é" is a word character, so "éthe" keeps its "the".
  assert.equal(normalizeSquadAnswer('éthe thé'), 'éthe thé');
  // The curly quote is not in string.punctuation: it stays, and it is not a word character.
  assert.equal(normalizeSquadAnswer('‘a big  Moose!‘'), '‘ big moose‘');
  // Python's str.split() splits on U+001C and a no-break space too.
  assert.equal(normalizeSquadAnswer('x\u001cy\u00a0z'), 'x y z');
});

// Figures from T5's own qa_utils (t5/evaluation/qa_utils.py and metrics.py `squad`, google-research/
// text-to-text-transfer-transformer at e081111ccd51df425aa7124e8e311ed6d403d767), run under Python 3.11:
// `_f1_score` returns 0 when `num_same == 0`, so two answers that both normalize to "" score F1 0 (and EM 1), and
// `_metric_max_over_ground_truths` takes the max over every reference, those that normalize to "" included.
test("empty answers score as T5's qa_utils scores them", () => {
  assert.deepEqual(squad([['']], ['']), { exact_match: 1, f1: 0 });
  assert.deepEqual(squad([['the']], ['a']), { exact_match: 1, f1: 0 });
  assert.deepEqual(squad([['', 'the']], ['']), { exact_match: 1, f1: 0 });
  assert.deepEqual(squad([['!!']], ['an']), { exact_match: 1, f1: 0 });
  assert.deepEqual(squad([['', 'x']], ['something']), { exact_match: 0, f1: 0 });
  assert.deepEqual(squad([['cat']], ['']), { exact_match: 0, f1: 0 });
  assert.deepEqual(squad([['']], ['cat']), { exact_match: 0, f1: 0 });
  // A reference that normalizes to "" is not dropped: the empty prediction matches it (T5: em 1, f1 0.3333).
  const mixed = squad([['', 'cat'], ['the cat'], ['a']], ['', 'cat', 'The']);
  assert.equal(mixed.exact_match, 1);
  assert.ok(Math.abs(mixed.f1! - 1 / 3) < 1e-12, String(mixed.f1));
  assert.equal(bestExactMatch(['', 'the'], 'a'), 1);
  assert.equal(bestF1(['', 'the'], ''), 0);
  assert.equal(squadF1('', ''), 0);
});
