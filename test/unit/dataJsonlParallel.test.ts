import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { countExamples, type CountOutcome } from '../../server/src/core/data';
import {
  maxActiveWorkers,
  scanJsonlInParallel,
  splitAtLineFeeds,
  startRangeWorker,
  type StartRangeWorker,
} from '../../server/src/core/data/parallelJsonl';
import type { RangeCount } from '../../server/src/core/data/jsonlRangeWorker';
import { DataError } from '../../server/src/core/data/dataError';
import { tempFiles } from './helpers/dataFiles';

const files = tempFiles();

const singleThreaded = (path: string, sampleRecords = 3): Promise<CountOutcome> =>
  countExamples(path, { parallel: false, sampleRecords });

/** The parallel scan's outcome, with what its workers answered, to prove the answer came from them. */
async function inParallel(path: string, ranges: number, sampleRecords = 3) {
  const answers: RangeCount[] = [];
  const startWorker: StartRangeWorker = (task) => startRangeWorker(task).on('message', (m: RangeCount) => answers.push(m));
  const size = readFileSync(path).length;
  const window = { skip: 0, take: sampleRecords, stopWhenTaken: false };
  try {
    const scan = await scanJsonlInParallel(path, size, window, ranges, startWorker);
    return { scan, answers };
  } catch (error) {
    assert.ok(error instanceof DataError, `unexpected ${String(error)}`);
    return { error: error.toFailure(), answers };
  }
}

/** countExamples on one thread and cut into `ranges`: the outcomes must be identical. */
async function assertSameAsSingle(path: string, ranges: number, sampleRecords = 3): Promise<CountOutcome> {
  const expected = await singleThreaded(path, sampleRecords);
  const actual = await countExamples(path, { parallel: { minBytes: 0, ranges }, sampleRecords });
  assert.deepEqual(actual, expected, `${ranges} ranges`);
  return expected;
}

// Fixed-width records, so a line can be swapped for a same-length variant without moving the range bounds.
const record = (i: number) => `{"i":"${String(i).padStart(6, '0')}"}`; // 15 bytes
const variants = {
  badStart: (line: string) => 'x' + line.slice(1),
  paddedBadStart: (line: string) => '\t x' + line.slice(3),
  badEnd: (line: string) => line.slice(0, -1) + 'x',
  paddedBadEnd: (line: string) => line.slice(0, -3) + 'x \t',
  blank: (line: string) => ' '.repeat(line.length),
  paddedGood: (line: string) => ' {' + line.slice(2, -2) + '} ',
};

test('problems on the first and last line of every range are found as on one thread', async () => {
  for (const eol of ['\n', '\r\n']) {
    const lines = Array.from({ length: 2000 }, (_, i) => record(i));
    const text = lines.join(eol) + eol;
    const path = files.file('bounds.jsonl', text);
    const ranges = 3;
    const bounds = await splitAtLineFeeds(path, text.length, ranges);
    assert.equal(bounds.length, ranges + 1);
    const lineAt = (offset: number) => text.slice(0, offset).split('\n').length - 1; // 0-based line starting at offset
    // Every variant as the last line of a range, as the first line of the next (bounds taken in turn), and last.
    const cases = Object.entries(variants).flatMap(([name, variant], v) => {
      const bound = bounds[1 + (v % (ranges - 1))]!;
      return [lineAt(bound) - 1, lineAt(bound), lines.length - 1].map((index) => ({ name, variant, index }));
    });
    for (const { name, variant, index } of cases) {
      const changed = lines.map((line, i) => (i === index ? variant(line) : line));
      const changedPath = files.file('bounds.jsonl', changed.join(eol) + eol);
      const expected = await singleThreaded(changedPath);
      const { scan, error, answers } = await inParallel(changedPath, ranges);
      if (expected.ok) {
        assert.ok(scan, name);
        assert.equal(scan.fallback, undefined);
        assert.equal(scan.ranges, ranges);
        assert.deepEqual([scan.count, scan.records, scan.warnings], [expected.count, expected.records, expected.warnings ?? []]);
        assert.equal(expected.count, name === 'blank' ? lines.length - 1 : lines.length);
      } else {
        assert.deepEqual(error, expected, `${name} at line ${index + 1}`);
        assert.equal(expected.line, index + 1, `${name}: ${expected.message}`);
        // Past the first range the problem must have come from a worker.
        if (index >= lineAt(bounds[1]!)) assert.ok(answers.some((a) => a.problem), name);
      }
    }
  }
});

test('the first problem in file order wins over later ones in other ranges', async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => record(i));
  const text = lines.join('\n');
  const path = files.file('two.jsonl', text);
  const bounds = await splitAtLineFeeds(path, text.length, 3);
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const [second, third] = [lineAt(bounds[1]!) + 5, lineAt(bounds[2]!) + 5];
  const both = lines.map((line, i) => (i === third ? variants.badStart(line) : i === second ? variants.badEnd(line) : line));
  const failure = await assertSameAsSingle(files.file('two.jsonl', both.join('\n')), 3);
  assert.ok(!failure.ok && failure.line === second + 1 && /does not end with/.test(failure.message));
  const firstRange = both.map((line, i) => (i === 100 ? variants.paddedBadStart(line) : line));
  const early = await assertSameAsSingle(files.file('two.jsonl', firstRange.join('\n')), 3);
  assert.ok(!early.ok && early.line === 101 && early.column === 3);
});

test('a BOM, empty lines, CRLF and no final newline give the same count and samples', async () => {
  const body = Array.from({ length: 5000 }, (_, i) => (i % 7 === 3 ? '' : i % 11 === 5 ? ' \t ' : record(i)));
  for (const text of [`\uFEFF${body.join('\r\n')}`, `\uFEFF${body.join('\n')}\n\n\n`, `${body.join('\n')}\r\n${record(9)}`]) {
    const path = files.file('mixed.jsonl', text);
    for (const ranges of [2, 3, 4]) {
      const expected = await assertSameAsSingle(path, ranges, 5);
      assert.ok(expected.ok && expected.count > 3000);
      const { scan } = await inParallel(path, ranges, 5);
      assert.equal(scan?.fallback, undefined);
    }
  }
  // A BOM and a shape problem in the first line (not sampled): the column counts from after the BOM.
  const bad = files.file('bom-bad.jsonl', `\uFEFF  x"a":1}\n${body.join('\n')}`);
  const failure = await assertSameAsSingle(bad, 2, 0);
  assert.ok(!failure.ok && failure.line === 1 && failure.column === 3);
});

test('lines longer than a read chunk, with a problem far inside one', async () => {
  const long = (fill: number) => `{"t":"${'a'.repeat(fill)}"}`;
  const lines = [long(10), long(1_500_000), '', long(700_000), long(2_500_000), long(300), long(1_200_000)];
  const path = files.file('long.jsonl', lines.join('\n') + '\n');
  for (const ranges of [2, 3, 4]) assert.equal(((await assertSameAsSingle(path, ranges, 1)) as { count: number }).count, 6);
  // Blanks that span a chunk border before the bad byte: its column is counted across chunks.
  const padded = [...lines.slice(0, 4), `${' '.repeat(1_300_000)}x${'b'.repeat(10)}}`, ...lines.slice(4)];
  const badPath = files.file('long-bad.jsonl', padded.join('\n') + '\n');
  for (const ranges of [2, 3, 4]) {
    const failure = await assertSameAsSingle(badPath, ranges, 1);
    assert.ok(!failure.ok && failure.line === 5 && failure.column === 1_300_001, JSON.stringify(failure));
  }
  const unterminated = files.file('long-cut.jsonl', lines.join('\n') + `\n${long(2_000_000).slice(0, -2)}`);
  for (const ranges of [2, 3]) {
    const failure = await assertSameAsSingle(unterminated, ranges, 1);
    assert.ok(!failure.ok && failure.line === 8 && /truncated/.test(failure.message));
  }
});

test('random JSON Lines files count the same on one thread and in ranges', async () => {
  const line = fc.constantFrom('{"a":1}', '{"b":[1,2]}', '', ' ', '\t\r', '  {"c":3}  ', '{"d":', '[1]', 'x', '{', '}', '{}\r', ' {}\r\r');
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(line, { maxLength: 60 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.boolean(),
      fc.integer({ min: 2, max: 4 }),
      fc.integer({ min: 0, max: 3 }),
      async (lines, eol, bom, finalEol, ranges, sampleRecords) => {
        const text = (bom ? '\uFEFF' : '') + lines.join(eol) + (finalEol ? eol : '');
        await assertSameAsSingle(files.file(`random-${round++ % 4}.jsonl`, text), ranges, sampleRecords);
      },
    ),
    { numRuns: 60 },
  );
});

test('range bounds follow the first line feed at or after each split point', async () => {
  const path = files.file('split.jsonl', 'aaaa\nbbbb\ncccc\n');
  assert.deepEqual(await splitAtLineFeeds(path, 15, 3), [0, 10, 15]);
  assert.deepEqual(await splitAtLineFeeds(path, 15, 1), [0, 15]);
  // A split point on the CR of a CRLF: the bound goes after its LF.
  const crlf = files.file('split-crlf.jsonl', 'ab\r\ncd\r\n');
  assert.deepEqual(await splitAtLineFeeds(crlf, 8, 4), [0, 4, 8]);
  // No line feed for longer than one probe read.
  const long = files.file('split-long.jsonl', `${'z'.repeat(200_000)}\n{}\n`);
  assert.deepEqual(await splitAtLineFeeds(long, 200_004, 2), [0, 200_001, 200_004]);
  assert.deepEqual(await splitAtLineFeeds(files.file('split-empty.jsonl', ''), 0, 4), [0, 0]);
});

test('a worker that fails or exits early is replaced by a count on this thread', async () => {
  const path = files.file('fallback.jsonl', Array.from({ length: 3000 }, (_, i) => record(i)).join('\n'));
  const expected = await singleThreaded(path);
  assert.ok(expected.ok);
  const window = { skip: 0, take: 3, stopWhenTaken: false };
  for (const [source, reason] of [
    ['throw new Error("boom")', /boom/],
    ['process.exit(3)', /exited with code 3/],
  ] as const) {
    const exited: boolean[] = [];
    const startWorker: StartRangeWorker = () => {
      const worker = new Worker(source, { eval: true });
      const index = exited.push(false) - 1;
      worker.on('exit', () => (exited[index] = true));
      return worker;
    };
    const scan = await scanJsonlInParallel(path, readFileSync(path).length, window, 3, startWorker);
    assert.match(scan.fallback ?? '', reason);
    assert.equal(scan.count, expected.count);
    assert.deepEqual(scan.records, expected.records);
    assert.deepEqual(exited, [true, true]);
  }
});

test('aborting ends every worker, whether it is reading or waiting', async () => {
  const path = files.file('abort.jsonl', `${record(1)}\n`.repeat(400_000));
  const size = 16 * 400_000;
  for (const source of [undefined, 'setInterval(() => {}, 1000)']) {
    const controller = new AbortController();
    const exited: boolean[] = [];
    const startWorker: StartRangeWorker = (task) => {
      const worker = source ? new Worker(source, { eval: true }) : startRangeWorker(task);
      const index = exited.push(false) - 1;
      worker.on('exit', () => (exited[index] = true));
      // The real workers: abort at once, while this thread reads; the idle ones: once this thread is done.
      if (!source) controller.abort();
      return worker;
    };
    if (source) setTimeout(() => controller.abort(), 50);
    const window = { skip: 0, take: 3, stopWhenTaken: false, signal: controller.signal };
    await assert.rejects(scanJsonlInParallel(path, size, window, 4, startWorker), (error: DataError) => error.kind === 'aborted');
    assert.deepEqual(exited, [true, true, true]);
  }
});

test('counts running together share a limited number of workers', async () => {
  const path = files.file('shared.jsonl', `${record(2)}\n`.repeat(50_000));
  const size = 16 * 50_000;
  let live = 0;
  let mostLive = 0;
  const startWorker: StartRangeWorker = (task) => {
    mostLive = Math.max(mostLive, ++live);
    return startRangeWorker(task).on('exit', () => live--);
  };
  const window = { skip: 0, take: 3, stopWhenTaken: false };
  const scans = await Promise.all(Array.from({ length: 4 }, () => scanJsonlInParallel(path, size, window, 4, startWorker)));
  assert.deepEqual(scans.map((scan) => scan.count), [50_000, 50_000, 50_000, 50_000]);
  assert.ok(mostLive >= 1 && mostLive <= maxActiveWorkers, `${mostLive} workers at once`);
  assert.equal(scans.reduce((sum, scan) => sum + scan.ranges - 1, 0) <= maxActiveWorkers, true);
  assert.equal(live, 0);
});
