import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, suggest } from '../../server/src/core/validate/didYouMean';
import { METRIC_ALIASES, STRATEGY_ALIASES } from '../../server/src/core/validate/didYouMean';
import { METRIC_NAMES, STRATEGY_NAMES, validKeys } from '../../server/src/core/schema';

test('edit distance counts insertions, deletions, substitutions and swaps', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('abc', ''), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('tempreature', 'temperature'), 1); // one swap
  assert.equal(editDistance('rate', 'rate'), 0);
});

test('edit distance is symmetric and obeys the triangle inequality on a sample', () => {
  const words = ['examples', 'exampels', 'example', 'prefix', 'prefx', 'scale', 'rate', ''];
  for (const a of words) for (const b of words) {
    assert.equal(editDistance(a, b), editDistance(b, a));
    for (const c of words) assert.ok(editDistance(a, c) <= editDistance(a, b) + editDistance(b, c));
  }
});

test('task keys: typos, case and separators', () => {
  const keys = validKeys('task');
  assert.equal(suggest('exampels', keys), 'examples');
  assert.equal(suggest('prefx', keys), 'prefix');
  assert.equal(suggest('Metrics', keys), 'metrics');
  assert.equal(suggest('nmae', keys), 'name');
  assert.equal(suggest('completely_different', keys), undefined);
});

test('budget keys written in camelCase or with dashes', () => {
  const keys = validKeys('budget');
  assert.equal(suggest('batchSize', keys), 'batch_size');
  assert.equal(suggest('max-epochs', keys), 'max_epochs');
  assert.equal(suggest('maxEpoch', keys), 'max_epochs');
});

test('strategies: typos, abbreviations and other names', () => {
  assert.equal(suggest('temprature', STRATEGY_NAMES, STRATEGY_ALIASES), 'temperature');
  assert.equal(suggest('temp', STRATEGY_NAMES, STRATEGY_ALIASES), 'temperature');
  assert.equal(suggest('square_root', STRATEGY_NAMES, STRATEGY_ALIASES), 'sqrt');
  assert.equal(suggest('uni-max', STRATEGY_NAMES, STRATEGY_ALIASES), 'unimax');
  assert.equal(suggest('zipf', STRATEGY_NAMES, STRATEGY_ALIASES), undefined);
});

test('metrics: typos and the names other tools use', () => {
  assert.equal(suggest('acuracy', METRIC_NAMES, METRIC_ALIASES), 'accuracy');
  assert.equal(suggest('mcc', METRIC_NAMES, METRIC_ALIASES), 'matthews_corr');
  assert.equal(suggest('sacrebleu', METRIC_NAMES, METRIC_ALIASES), 'bleu');
  assert.equal(suggest('rougeLsum', METRIC_NAMES, METRIC_ALIASES), 'rougeL');
  assert.equal(suggest('rouge_2', METRIC_NAMES, METRIC_ALIASES), 'rouge2');
  assert.equal(suggest('perplexity', METRIC_NAMES, METRIC_ALIASES), undefined);
});

test('an abbreviation shared by several names suggests none of them', () => {
  assert.equal(suggest('rou', METRIC_NAMES), undefined);
});
