import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTransfer } from '../../server/src/core/rates';

const pairwise = (o: Record<string, Record<string, number>>) => new Map(Object.entries(o).map(([t, m]) => [t, new Map(Object.entries(m))]));

test('higher is better: relative change from the single-task score', () => {
  const r = computeTransfer({
    metric: 'accuracy',
    higherIsBetter: true,
    singleTask: new Map([['cola', 50], ['sst2', 90]]),
    multiTask: new Map([['cola', 55], ['sst2', 81]]),
    pairwise: pairwise({ cola: { sst2: 45, mnli: 60 }, sst2: { cola: 90 } }),
    taskOrder: ['cola', 'sst2', 'mnli'],
  });
  assert.deepEqual(r.targets, ['cola', 'sst2']);
  assert.deepEqual(r.sources, ['cola', 'sst2', 'mnli']);
  // cola <- sst2: (45 - 50) / 50 = -0.1; cola <- mnli: (60 - 50) / 50 = 0.2; sst2 <- cola: 0
  assert.deepEqual(r.matrix, [[null, -0.1, 0.2], [0, null, null]]);
  // gains: cola (55 - 50) / 50 = 0.1; sst2 (81 - 90) / 90 = -0.1
  assert.deepEqual(r.gain.map((g) => [g.task, g.single, g.multi, Number(g.gain!.toFixed(12))]), [['cola', 50, 55, 0.1], ['sst2', 90, 81, -0.1]]);
  assert.deepEqual(r.notes, []);
});

test('lower is better (a loss): the sign flips, so positive still means it helped', () => {
  const r = computeTransfer({
    metric: 'loss',
    higherIsBetter: false,
    singleTask: new Map([['a', 2], ['b', -4]]),
    multiTask: new Map([['a', 1.5], ['b', -5]]),
    pairwise: pairwise({ a: { b: 2.5 }, b: { a: -3 } }),
  });
  // sources in order of appearance: b, a.
  // a <- b: -(2.5 - 2) / |2| = -0.25 (worse loss);  b <- a: -(-3 - -4) / |-4| = -0.25 (loss rose)
  assert.deepEqual(r.sources, ['b', 'a']);
  assert.deepEqual(r.matrix, [[-0.25, null], [null, -0.25]]);
  // gain a: -(1.5 - 2) / 2 = 0.25; gain b: -(-5 - -4) / 4 = 0.25
  assert.deepEqual(r.gain.map((g) => g.gain), [0.25, 0.25]);
  assert.equal(r.higherIsBetter, false);
});

test('single-task score 0 or missing gives null with a reason, never Infinity', () => {
  const r = computeTransfer({
    higherIsBetter: true,
    singleTask: new Map([['a', 0]]),
    multiTask: new Map([['a', 3], ['c', 1]]),
    pairwise: pairwise({ a: { b: 1 }, b: { a: 2 } }),
  });
  // a <- b: single a is 0; b <- a: b has no single score; the other cells have no pairwise score.
  assert.deepEqual(r.matrix, [[null, null], [null, null]]);
  assert.equal(r.metric, null);
  assert.deepEqual(r.notes.map((n) => [n.target, n.source]), [['a', 'b'], ['b', 'a']]);
  assert.match(r.notes[0].reason, /single_task score of a is 0/);
  assert.match(r.notes[1].reason, /no single_task score for b/);
  assert.deepEqual(r.gain.map((g) => [g.task, g.gain]), [['a', null], ['c', null]]);
  assert.match(r.gain[0].reason!, /is 0/);
  assert.doesNotMatch(JSON.stringify(r), /Infinity|NaN/);
});
