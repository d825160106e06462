// Colour scales: endpoints from d3-scale-chromatic, 1 epoch and 0 transfer at the neutral centre, log handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolatePuOr, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { epochScale, finiteValues, rateScale, transferScale } from '../../client/webview/balance/scales';

/** [r, g, b] of a CSS colour as d3 writes it (`#rrggbb` or `rgb(r, g, b)`). */
const rgb = (css: string): number[] => (css.startsWith('#') ? [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) : css.match(/\d+/g)!.map(Number));
const close = (a: string, b: string) => rgb(a).every((v, i) => Math.abs(v - rgb(b)[i]!) <= 2);

test('linear rate scale runs viridis from 0 to the largest rate, skipping missing (NaN) cells', () => {
  const s = rateScale(Float64Array.from([0.1, NaN, 0.4, 0.2]), false);
  assert.deepEqual(s.domain, [0, 0.4]);
  assert.equal(s.color(0), interpolateViridis(0));
  assert.equal(s.color(0.4), interpolateViridis(1));
  assert.equal(s.color(0.2), interpolateViridis(0.5));
  assert.equal(s.color(0.9), interpolateViridis(1)); // clamped
  assert.equal(s.position(0.1), 0.25);
});

test('log rate scale spans the smallest positive rate to the largest; a zero rate is the low end', () => {
  const s = rateScale([0.001, 0.01, 0.1, 0], true);
  assert.deepEqual(s.domain, [0.001, 0.1]);
  assert.ok(close(s.color(0.01), interpolateViridis(0.5)));
  assert.equal(s.color(0), interpolateViridis(0));
  assert.ok(Math.abs(s.position(0.01) - 0.5) < 1e-12);
  assert.ok(s.ticks(5).every((t) => t >= 0.001 && t <= 0.1));
});

test('a constant column still gets a usable scale (no NaN colours)', () => {
  for (const log of [false, true]) {
    const s = rateScale([0.25, 0.25], log);
    assert.ok(s.domain[1]! > s.domain[0]!);
    assert.ok(rgb(s.color(0.25)).every((v) => Number.isFinite(v)));
  }
});

test('epoch scale diverges around 1 epoch in log space and marks the threshold', () => {
  const s = epochScale(Float64Array.from([0.01, 0.5, 3, 40]), 10);
  assert.equal(s.color(1), interpolatePuOr(0.5));
  assert.equal(s.domain[1], 1);
  assert.ok(Math.abs(s.domain[0]! * s.domain[2]! - 1) < 1e-12, 'symmetric in log space');
  assert.ok(Math.abs(s.position(1) - 0.5) < 1e-12);
  assert.deepEqual(s.marks, [{ value: 10, label: '10 ep' }]);
  // Fewer than one epoch and more than one fall on opposite sides.
  assert.ok(s.position(0.1) < 0.5 && s.position(10) > 0.5);
  assert.ok(Math.abs(s.position(0.1) - (1 - s.position(10))) < 1e-12);
  assert.notDeepEqual(rgb(s.color(0.1)), rgb(s.color(10)));
});

test('transfer scale is RdBu centred on 0: equal gains and losses sit symmetrically', () => {
  const s = transferScale(0.2);
  assert.deepEqual(s.domain, [-0.2, 0, 0.2]);
  assert.equal(s.color(0), interpolateRdBu(0.5));
  assert.equal(s.color(0.2), interpolateRdBu(1));
  assert.equal(s.color(-0.2), interpolateRdBu(0));
  const [r, , b] = rgb(s.color(0.15));
  assert.ok(b! > r!, 'positive transfer is blue');
  assert.equal(transferScale(0).domain[2], 1);
});

test('finiteValues drops NaN and, for log scales, non-positive values', () => {
  assert.deepEqual(finiteValues([1, NaN, 0, -1, Infinity, 2]), [1, 0, -1, 2]);
  assert.deepEqual(finiteValues([1, NaN, 0, -1, 2], true), [1, 2]);
});
