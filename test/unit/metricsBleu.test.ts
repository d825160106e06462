// BLEU against sacreBLEU's own published test cases (mjpost/sacrebleu test/test_bleu.py and
// test/test_sentence_bleu.py at v2.6.0) and T5's (t5/evaluation/metrics_test.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bleuSignature, computeBleu, corpusBleu, tokenize13a, tokenizeIntl, type BleuOptions } from '../../server/src/core/metrics';

/** sacreBLEU takes references as streams (one list per reference set); this takes one list per hypothesis. */
const perHypothesis = (streams: string[][]) => streams[0]!.map((_, i) => streams.map((stream) => stream[i]!));
const near = (actual: number, expected: number, epsilon: number, label = '') =>
  assert.ok(Math.abs(actual - expected) < epsilon, `${label} ${actual} differs from ${expected} by more than ${epsilon}`);

const refs = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

test('test_corpus_bleu_cases: the README example under default and varied settings', () => {
  const cases: [string[], BleuOptions, number][] = [
    [hyps, {}, 48.530827],
    [['', '', ''], {}, 0.0], // empty hypotheses are not removed
    [hyps, { tokenize: 'none' }, 49.1919566],
    [hyps, { tokenize: '13a' }, 48.530827],
    [hyps, { smoothMethod: 'none' }, 48.530827],
    [hyps, { tokenize: 'intl' }, 43.91623493],
  ];
  for (const [h, options, expected] of cases) near(corpusBleu(h, perHypothesis(refs), options).score, expected, 1e-8, JSON.stringify(options));
});

test('test_bleu_max_order: n-gram orders 1 to 6', () => {
  const expected = ['77.65', '60.50', '53.93', '48.53', '46.14', '43.28'];
  expected.forEach((score, i) => assert.equal(corpusBleu(hyps, perHypothesis(refs), { maxNgramOrder: i + 1 }).score.toFixed(2), score));
});

/** sacreBLEU's raw_corpus_bleu: no tokenization, floor smoothing, effective order. */
const raw = (h: string[], streams: string[][], smoothValue = 0.1) =>
  corpusBleu(h, perHypothesis(streams), { tokenize: 'none', smoothMethod: 'floor', smoothValue, effectiveOrder: true });

test('test_raw_bleu, test_effective_order, test_statistics, test_offset', () => {
  near(raw(['this is a test', 'another test'], [['ref1', 'ref2']], 0.01).score / 100, 0.0, 1e-8);
  near(raw(['this is a test'], [['this is a test']], 0.01).score / 100, 1.0, 1e-8);
  near(raw(['this is a fest'], [['this is a test']], 0.01).score / 100, 0.223606797749979, 1e-8);
  near(raw(['test'], [['a test']], 0.01).score / 100, 0.3678794411714425, 1e-8);
  near(raw(['a test'], [['a test']], 0.01).score / 100, 1.0, 1e-8);
  near(raw(['a little test'], [['a test']], 0.01).score / 100, 0.03218297948685433, 1e-8);
  const stats = raw(['am I am a character sequence'], [['I am a symbol string sequence a a']], 0.01);
  assert.deepEqual([stats.counts, stats.totals], [[4, 2, 1, 0], [6, 5, 4, 3]]);
  near(raw(['am I am a character sequence'], [['I am a symbol string sequence a a']], 0).score / 100, 0, 1e-8);
  near(raw(['am I am a character sequence'], [['I am a symbol string sequence a a']]).score / 100, 0.1555722182, 1e-8);
});

test('test_scoring and test_degenerate_statistics: BLEU from sufficient statistics', () => {
  near(computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score / 100, 0.8375922397, 1e-8);
  const degenerate: [number[], number[], number, number, number][] = [
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ];
  for (const [correct, total, sys, ref, offset] of degenerate) {
    assert.equal(computeBleu(correct, total, sys, ref, { smoothMethod: 'floor', smoothValue: offset }).score / 100, 0);
  }
});

test('test_sentence_bleu: smoothing methods and tokenizers on one Romanian sentence (issue #98)', () => {
  const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
  const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
  const cases: [BleuOptions, number][] = [
    [{ smoothMethod: 'exp' }, 8.493],
    [{ smoothMethod: 'none' }, 0.0],
    [{ smoothMethod: 'floor' }, 4.51688],
    [{ smoothMethod: 'floor', smoothValue: 0.1 }, 4.51688],
    [{ smoothMethod: 'floor', smoothValue: 0.5 }, 10.1],
    [{ smoothMethod: 'add-k' }, 14.882],
    [{ smoothMethod: 'add-k', smoothValue: 1 }, 14.882],
    [{ smoothMethod: 'add-k', smoothValue: 2 }, 21.389],
    [{ smoothMethod: 'exp', tokenize: 'none' }, 7.347],
  ];
  for (const [options, expected] of cases) {
    near(corpusBleu([SYS], [[REF]], { ...options, effectiveOrder: true }).score, expected, 1e-3, JSON.stringify(options));
  }
  // Issue #141: no matching n-gram gives exactly 0 whatever the smoothing.
  for (const smoothMethod of ['exp', 'none', 'floor', 'add-k'] as const) {
    assert.equal(corpusBleu(['this is a cat'], [['okay thanks']], { smoothMethod, effectiveOrder: true }).score, 0);
  }
});

test("T5's BLEU tests: identical, empty and multi-reference predictions", () => {
  const ref = 'this is a string';
  near(corpusBleu([ref, ref], [[ref], [ref]]).score, 100, 1e-6);
  assert.equal(corpusBleu(['', ''], [[ref], [ref]]).score, 0);
  const multi = corpusBleu([ref, ref], [['', ref], [ref, '']]);
  near(multi.score, 100, 1e-6);
  assert.equal(multi.nrefs, 2);
});

// Expected strings are sacreBLEU 2.6.0's Tokenizer13a output for the same lines.
test('the 13a tokenizer splits punctuation as mteval-v13a does and keeps numbers whole', () => {
  assert.equal(tokenize13a("It wasn't surprising."), "It wasn't surprising .");
  assert.equal(tokenize13a('3.5 and 1,000 but a.b, 5-4 &amp; &quot;x&quot;'), '3.5 and 1,000 but a . b , 5 - 4 & " x "');
  assert.equal(tokenize13a('line-\nbreak<skipped>\nend'), 'linebreak end');
});

test('the signature follows sacreBLEU 2.x: defaults, references per segment, smoothing values', () => {
  assert.equal(corpusBleu(hyps, perHypothesis(refs)).signature, 'nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
  assert.equal(corpusBleu(['a', 'b'], [['a'], ['b', 'c']]).signature, 'nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
  assert.equal(
    bleuSignature(1, { lowercase: true, smoothMethod: 'floor', tokenize: 'none', effectiveOrder: true }),
    'nrefs:1|case:lc|eff:yes|tok:none|smooth:floor[0.10]|version:2.6.0',
  );
});

test('the intl tokenizer splits Unicode punctuation next to a non-digit and every symbol, keeping numbers whole', () => {
  assert.equal(tokenizeIntl('Hello, world!'), 'Hello , world !');
  // A period between a digit and the end of the line has no non-digit beside it: it stays, as in sacreBLEU.
  assert.equal(tokenizeIntl('It costs $5, or 3.14 and 1,000.'), 'It costs $ 5 , or 3.14 and 1,000.');
  assert.equal(tokenizeIntl('«Bonjour», dit-il.'), '« Bonjour » , dit - il .');
  assert.equal(tokenizeIntl('数学は楽しい。'), '数学は楽しい 。');
  assert.equal(corpusBleu(['x'], [['x']], { tokenize: 'intl' }).signature, 'nrefs:1|case:mixed|eff:no|tok:intl|smooth:exp|version:2.6.0');
});
