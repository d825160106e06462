// Accuracy and MCC against scikit-learn's published tests (sklearn/metrics/tests/test_classification.py and
// the matthews_corrcoef docstring) and T5's; Pearson and Spearman against scipy's documented examples and
// T5's tests (T5 reports x100).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyScore, averageRanks, matthewsCorrcoef, pearsonCorrelation, spearmanCorrelation } from '../../server/src/core/metrics';

const labels = (values: (number | string)[]) => values.map(String);
const mcc = (truth: (number | string)[], predicted: (number | string)[]) => matthewsCorrcoef(labels(truth), labels(predicted));
const near = (actual: number | null, expected: number, epsilon = 1e-12) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < epsilon, `${actual} vs ${expected}`);

test('accuracy: T5 test_accuracy (75%) and no examples', () => {
  const truth = [0, 0, 2, 1];
  const predicted = [0, 1, 2, 1];
  assert.equal(accuracyScore(truth.map((t, i) => t === predicted[i])), 0.75);
  assert.equal(accuracyScore([]), 0);
});

test('matthews_corrcoef: scikit-learn docstring, binary and multiclass tests', () => {
  near(mcc([1, 1, 1, -1], [1, -1, 1, 1]), -1 / 3);
  near(mcc([0, 0, 2, 1], [0, 1, 2, 1]), 0.7); // T5 test_sklearn_wrapper: 70
  near(mcc([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1]), -0.5);
  near(mcc([0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 0, 0]), -12 / Math.sqrt(24 * 16));
  near(mcc([0, 1, 2, 0, 1, 2, 0, 1, 2], [1, 1, 1, 2, 2, 2, 0, 0, 0]), 0);
  const y1 = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1];
  const y2 = [1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1];
  near(mcc(y1, y2), 0);
  const letters = ['a', 'b', 'a', 'c', 'd', 'b', 'a', 'c'];
  near(mcc(letters, letters), 1);
});

test('matthews_corrcoef: zero variance gives 0, as scikit-learn does', () => {
  assert.equal(mcc([0, 0, 0, 0], [0, 0, 0, 0]), 0);
  assert.equal(mcc([0, 1, 2], [3, 3, 3]), 0);
  assert.equal(mcc([3, 3, 3], [0, 1, 2]), 0);
  assert.equal(mcc([0], [1]), 0); // test_matthews_corrcoef_nan
  assert.equal(mcc([0, 0], [0, 1]), 0);
});

test('pearsonr: scipy docstring example and T5 test_pearson_corrcoef', () => {
  near(pearsonCorrelation([1, 2, 3, 4, 5, 6, 7], [10, 9, 2.5, 6, 4, 3, 2]).value, -0.828503883588428, 1e-14);
  assert.equal(pearsonCorrelation([0, 2], [0, 1]).value, 1);
  assert.equal(pearsonCorrelation([0, 2], [1, 0]).value, -1);
});

test('spearmanr: scipy docstring example, ties averaged (scipy test_tie1) and T5 test_spearman_corrcoef', () => {
  near(spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).value, 0.8207826816681233, 1e-14);
  assert.deepEqual(averageRanks([1, 2, 2, 3]), [1, 2.5, 2.5, 4]);
  assert.deepEqual(averageRanks([3, 1, 3, 3, 2]), [4, 1, 4, 4, 2]);
  near(spearmanCorrelation([1, 2, 3, 4], [1, 2, 2, 3]).value, pearsonCorrelation([1, 2, 3, 4], [1, 2.5, 2.5, 4]).value!);
  near(spearmanCorrelation([1, 2, 3, 4], [1, 2, 2, 3]).value, Math.sqrt(0.9), 1e-15);
  near(spearmanCorrelation([0, 2, 1], [0, 1, 2]).value, 0.5);
});

test('correlations are null with the reason where scipy gives nan or refuses', () => {
  const constant = pearsonCorrelation([1, 2, 3], [5, 5, 5]);
  assert.equal(constant.value, null);
  assert.match(constant.undefinedReason!, /predictions are constant/);
  assert.match(spearmanCorrelation([4, 4, 4], [1, 2, 3]).undefinedReason!, /targets are constant/);
  assert.match(pearsonCorrelation([1], [1]).undefinedReason!, /at least 2/);
});

test('correlations with nan and inf values: as scipy 1.17.1 computes them', () => {
  // scipy.stats.pearsonr is nan for any inf or nan; spearmanr ranks ±inf like other values and is nan for a nan.
  const infinite = pearsonCorrelation([1, 2, 3], [1, 2, Infinity]);
  assert.equal(infinite.value, null);
  assert.match(infinite.undefinedReason!, /a prediction is nan or infinite \(scipy returns nan\)/);
  assert.match(pearsonCorrelation([1, NaN, 3], [1, 2, 3]).undefinedReason!, /a target is nan or infinite/);
  assert.equal(pearsonCorrelation([1, 2, 3], [1e308, -1e308, 1e308]).value, 0);
  near(spearmanCorrelation([1, 2, 3], [1, 2, Infinity]).value, 1, 1e-15);
  near(spearmanCorrelation([1, 2, 3], [1, -Infinity, Infinity]).value, 0.5, 1e-15);
  near(spearmanCorrelation([1, 2, 3, 4], [1, 2, Infinity, 3]).value, 0.7999999999999999, 1e-15);
  near(spearmanCorrelation([1, 2, 3, 4], [Infinity, Infinity, Infinity, 3]).value, -0.7745966692414834, 1e-15);
  assert.match(spearmanCorrelation([1, 2, 3], [Infinity, Infinity, Infinity]).undefinedReason!, /predictions are constant/);
  const nan = spearmanCorrelation([1, 2, 3, 4], [1, NaN, 2, 3]);
  assert.equal(nan.value, null);
  assert.match(nan.undefinedReason!, /a prediction is nan \(scipy returns nan\)/);
});
