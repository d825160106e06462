// Numbers that meet in the editor agree: the too-many-epochs warning and the inlay hint share one formatter (one
// decimal near the threshold), and a rate shown as "<0.01%" gives its value in scientific form on hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFigure, formatNearThreshold } from '../../server/src/core/numberFormat';
import { formatEpochs, formatPercentExact, rateLabel } from '../../server/src/lsp/numbers';

test('near the threshold one decimal, two where one would read as the threshold itself', () => {
  assert.equal(formatNearThreshold(10.1, 10), '10.1');
  assert.equal(formatNearThreshold(10.04, 10), '10.04');
  assert.equal(formatNearThreshold(9.96, 10), '9.96');
  assert.equal(formatNearThreshold(10.6, 10), '10.6');
  assert.equal(formatNearThreshold(12.345, 10), formatFigure(12.345));
  assert.equal(formatNearThreshold(171.4, 170), '171');
});

test('the hint writes epochs near the threshold as the warning does; elsewhere as before', () => {
  assert.equal(formatEpochs(10.1), '10 ep', 'without a threshold: whole epochs from 10 on');
  assert.equal(formatEpochs(10.1, 10), '10.1 ep');
  assert.equal(formatEpochs(10.04, 10), '10.04 ep');
  assert.equal(formatEpochs(4.1, 4), '4.1 ep');
  assert.equal(formatEpochs(171.4, 10), '171 ep');
  assert.equal(formatEpochs(2.72, 10), '2.7 ep');
  assert.equal(rateLabel(0.0437, 10.1, 10), '4.37% · 10.1 ep');
});

test('"<0.01%" carries the rate in scientific form; other rates read as before', () => {
  assert.equal(formatPercentExact(3.2e-5), '<0.01% (3.2e-5)');
  assert.equal(formatPercentExact(1.234e-7), '<0.01% (1.23e-7)');
  assert.equal(formatPercentExact(0.0437), '4.37%');
  assert.equal(formatPercentExact(0), '0%');
});
