import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { DataCounter, type CountOutcome, type CountSuccess } from '../../server/src/core/data';
import { tempFiles } from './helpers/dataFiles';

const files = tempFiles();

function ok(outcome: CountOutcome): CountSuccess {
  assert.ok(outcome.ok, `expected success, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ input: `q${i}`, target: `a${i}` })).join('\n');

test('an unchanged file is served from the cache; touching it counts it again', async () => {
  const path = files.file('cached.jsonl', lines(10));
  const counter = new DataCounter();
  const first = ok(await counter.count(path));
  const second = ok(await counter.count(path));
  assert.equal(second.count, 10);
  // The kept records are the very same objects: no second read happened.
  assert.equal(second.records, first.records);

  // Same size, new modification time: counted again.
  writeFileSync(path, lines(10).replace('q0', 'z0'));
  const later = new Date(Date.now() + 5000);
  utimesSync(path, later, later);
  const touched = ok(await counter.count(path));
  assert.notEqual(touched.records, first.records);
  assert.deepEqual(touched.records?.[0]?.record, { input: 'z0', target: 'a0' });

  writeFileSync(path, lines(12));
  assert.equal(ok(await counter.count(path)).count, 12);
});

test('fields are checked on every call against the cached records', async () => {
  const path = files.file('fields.jsonl', lines(3));
  const counter = new DataCounter();
  const good = ok(await counter.count(path, { fields: { input: 'input', target: 'target' } }));
  const bad = ok(await counter.count(path, { fields: { input: 'input', target: 'label' } }));
  assert.equal(bad.records, good.records);
  assert.equal(good.missingFields, undefined);
  assert.deepEqual(bad.missingFields?.map((m) => m.field), ['label']);
});

test('concurrent counts of one file share one read; invalidate and clear forget it', async () => {
  const path = files.file('shared.jsonl', lines(50_000));
  const counter = new DataCounter();
  const [a, b] = await Promise.all([counter.count(path), counter.count(path)]);
  assert.equal(ok(a).records, ok(b).records);
  assert.equal(ok(a).count, 50_000);

  counter.invalidate(path);
  const afterInvalidate = ok(await counter.count(path));
  assert.notEqual(afterInvalidate.records, ok(a).records);
  counter.clear();
  assert.notEqual(ok(await counter.count(path)).records, afterInvalidate.records);
});

test('one caller giving up does not cancel the count another caller waits for', async () => {
  const path = files.file('abort-one.jsonl', lines(300_000));
  const counter = new DataCounter();
  const controller = new AbortController();
  const leaving = counter.count(path, { signal: controller.signal });
  const staying = counter.count(path);
  controller.abort();
  assert.equal((await leaving).ok, false);
  assert.equal((await leaving as { kind: string }).kind, 'aborted');
  assert.equal(ok(await staying).count, 300_000);
});

test('when the only caller gives up, the count stops and nothing is cached', async () => {
  const path = files.file('abort-all.jsonl', lines(300_000));
  const counter = new DataCounter();
  const controller = new AbortController();
  const pending = counter.count(path, { signal: controller.signal });
  setImmediate(() => controller.abort());
  const outcome = await pending;
  assert.ok(!outcome.ok && outcome.kind === 'aborted');
  assert.equal(ok(await counter.count(path)).count, 300_000);
});

test('missing files are reported and not cached', async () => {
  const counter = new DataCounter();
  const path = `${files.dir}/later.jsonl`;
  const missing = await counter.count(path);
  assert.ok(!missing.ok && missing.kind === 'missing');
  writeFileSync(path, lines(2));
  assert.equal(ok(await counter.count(path)).count, 2);
});
