// Exact match and F1 with SQuAD's answer normalization: the official evaluate-v2.0.py's behaviour, checked on
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

test('unanswerable questions: only the empty answer is right', () => {
  assert.equal(bestExactMatch([''], ''), 1);
  assert.equal(bestF1(['', 'the'], ''), 1);
  assert.equal(bestF1([''], 'something'), 0);
  assert.equal(squadF1('', ''), 1);
});
