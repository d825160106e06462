import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { countExamples, DataCounter, readRecords, readTextFileLimited, type CountOutcome, type DataFailure } from '../../server/src/core/data';
import { fixture, makeFifo, tempFiles } from './helpers/dataFiles';
import { writeParquet } from './helpers/parquetWriter';

const files = tempFiles();

function failed(outcome: CountOutcome): DataFailure {
  assert.ok(!outcome.ok, `expected a failure, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome;
}

test('a missing file, a directory and an unsupported extension', async () => {
  const missing = failed(await countExamples(join(files.dir, 'nope.jsonl')));
  assert.equal(missing.kind, 'missing');
  assert.match(missing.message, /nope\.jsonl does not exist/);

  const folder = join(files.dir, 'train.jsonl');
  mkdirSync(folder);
  const directory = failed(await countExamples(folder));
  assert.equal(directory.kind, 'directory');
  assert.match(directory.message, /is a directory/);

  for (const name of ['notes.txt', 'data.parquet.gz', 'README']) {
    const unsupported = failed(await countExamples(files.file(name, 'x')));
    assert.equal(unsupported.kind, 'unsupported-format', name);
    assert.match(unsupported.message, /use \.jsonl, \.json, \.csv, \.tsv/);
  }
  const viaRead = await readRecords(join(files.dir, 'gone.csv'), { limit: 1 });
  assert.ok(!viaRead.ok && viaRead.kind === 'missing');
});

test('an unreadable file', { skip: process.getuid?.() === 0 ? 'root reads files regardless of permissions' : false }, async () => {
  const path = files.file('secret.jsonl', '{"a":1}\n');
  chmodSync(path, 0o000);
  const failure = failed(await countExamples(path));
  assert.equal(failure.kind, 'unreadable');
  chmodSync(path, 0o644);
});

test('the byte limit stops text files but not parquet, which is counted from its footer', async () => {
  const text = files.file('limit.jsonl', '{"input": "x"}\n'.repeat(1000));
  const tooLarge = failed(await countExamples(text, { maxBytes: 1000 }));
  assert.equal(tooLarge.kind, 'too-large');
  assert.match(tooLarge.message, /15\.0 KB, over the data counting limit of 1\.00 KB/);
  const within = await countExamples(text, { maxBytes: 15_000 });
  assert.ok(within.ok && within.count === 1000);

  const parquet = files.file('limit.parquet', writeParquet([{ path: 'x', type: 'int32', values: [1, 2, 3] }]));
  const counted = await countExamples(parquet, { maxBytes: 1 });
  assert.ok(counted.ok && counted.count === 3);
});

test('an aborted count returns `aborted` (before it starts or while it reads)', async () => {
  const before = failed(await countExamples(fixture('cola.train.jsonl'), { signal: AbortSignal.abort() }));
  assert.equal(before.kind, 'aborted');

  const big = files.file('abort.jsonl', '{"a": 1}\n'.repeat(3_000_000));
  const controller = new AbortController();
  const pending = countExamples(big, { signal: controller.signal });
  setImmediate(() => controller.abort());
  assert.equal(failed(await pending).kind, 'aborted');
});

test('the sample size sets how many records are kept', async () => {
  const none = await countExamples(fixture('cola.train.jsonl'), { sampleRecords: 0 });
  assert.ok(none.ok && none.records?.length === 0 && none.count === 5);
  const all = await countExamples(fixture('cola.train.jsonl'), { sampleRecords: 100 });
  assert.ok(all.ok && all.records?.length === 5);
});

test('a FIFO or a device is refused by its file type, never opened and read', { timeout: 60_000 }, async () => {
  // Reading a FIFO waits for a writer forever and /dev/zero never ends: each must come back at once, refused.
  // (Should that regress, the FIFO gets a writer after 10 s and the reads of devices are aborted after 10 s.)
  const fifo = join(files.dir, 'pipe.jsonl');
  const release = makeFifo(fifo);
  try {
    const cases: [string, RegExp][] = [[fifo, /is a FIFO \(named pipe\), not a regular file/]];
    if (existsSync('/dev/zero')) {
      // Named like a data file, so that only the file type stops it.
      const linked = join(files.dir, 'zeros.jsonl');
      symlinkSync('/dev/zero', linked);
      cases.push([linked, /is a character device, not a regular file/]);
    }
    for (const [path, message] of cases) {
      const counted = failed(await countExamples(path, { signal: AbortSignal.timeout(10_000) }));
      assert.equal(counted.kind, 'unreadable', path);
      assert.match(counted.message, message);
      const read = await readRecords(path, { limit: 1, signal: AbortSignal.timeout(10_000) });
      assert.ok(!read.ok && read.kind === 'unreadable', path);
    }
    const viaCache = failed(await new DataCounter().count(fifo, { signal: AbortSignal.timeout(10_000) }));
    assert.match(viaCache.message, /FIFO/);
  } finally {
    release();
  }
});

test('a mixture read from disk: only a regular file, and never more than the byte limit', { timeout: 60_000 }, () => {
  const fifo = join(files.dir, 'pipe.mixture.yaml');
  const release = makeFifo(fifo);
  const refused = readTextFileLimited(fifo, 1000);
  release();
  assert.ok(!refused.ok && refused.kind === 'not-regular' && /FIFO/.test(refused.message));
  if (existsSync('/dev/zero')) {
    const zero = readTextFileLimited('/dev/zero', 1000);
    assert.ok(!zero.ok && zero.kind === 'not-regular' && /character device/.test(zero.message));
  }
  const big = files.file('big.mixture.yaml', 'x'.repeat(5000));
  const tooLarge = readTextFileLimited(big, 4999);
  assert.ok(!tooLarge.ok && tooLarge.kind === 'too-large' && tooLarge.size === 5000);
  const read = readTextFileLimited(big, 5000);
  assert.ok(read.ok && read.text.length === 5000);
});
