import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countExamples, readRecords } from '../../server/src/core/data';
import { fixture, tempFiles, ok, failed } from './helpers/dataFiles';

const files = tempFiles();


test('counts the non-empty lines of a JSON Lines file and keeps the first records', async () => {
  const result = ok(await countExamples(fixture('cola.train.jsonl')));
  assert.equal(result.format, 'jsonl');
  assert.equal(result.compressed, false);
  assert.equal(result.count, 5);
  assert.deepEqual(
    result.records?.map((r) => [r.line, (r.record as { idx: number }).idx]),
    [[1, 0], [2, 1], [4, 2]],
  );
});

test('CRLF endings, whitespace-only lines, no trailing newline and a BOM', async () => {
  const text = '\uFEFF{"a":1}\r\n   \r\n{"a":2}\r\n\t\r\n{"a":3}';
  const result = ok(await countExamples(files.file('crlf.jsonl', text), { sampleRecords: 5 }));
  assert.equal(result.count, 3);
  assert.deepEqual(result.records, [
    { line: 1, record: { a: 1 } },
    { line: 3, record: { a: 2 } },
    { line: 5, record: { a: 3 } },
  ]);
});

test('an empty file has no examples', async () => {
  assert.equal(ok(await countExamples(files.file('empty.jsonl', ''))).count, 0);
  assert.equal(ok(await countExamples(files.file('blank.jsonl', '\n\n  \n'))).count, 0);
});

test('a sampled line that is not JSON is reported with its line and column', async () => {
  const failure = failed(await countExamples(fixture('bad-line.jsonl')));
  assert.equal(failure.kind, 'malformed');
  assert.equal(failure.line, 2);
  assert.ok(failure.column !== undefined && failure.column > 1);
  assert.match(failure.message, /Line 2 is not valid JSON/);
});

test('a sampled line that is JSON but not an object is malformed', async () => {
  const failure = failed(await countExamples(files.file('array-line.jsonl', '{"a":1}\n[1,2]\n')));
  assert.equal(failure.line, 2);
  assert.match(failure.message, /is an array, not an object/);
});

test('past the sample, lines must still start with { and end with }', async () => {
  const good = '{"a":1}\n'.repeat(10);
  const pretty = failed(await countExamples(files.file('pretty.jsonl', `${good}{\n  "a": 1\n}\n`)));
  assert.equal(pretty.kind, 'malformed');
  assert.equal(pretty.line, 11);
  assert.match(pretty.message, /does not end with `}`/);

  const stray = failed(await countExamples(files.file('stray.jsonl', `${good}  oops\n`)));
  assert.equal(stray.line, 11);
  assert.equal(stray.column, 3);
  assert.match(stray.message, /does not start with `{`/);

  const truncated = failed(await countExamples(files.file('truncated.jsonl', `${good}{"a": "cut of`)));
  assert.equal(truncated.line, 11);
  assert.equal(truncated.column, 13);
});

test('lines that cross the 1 MiB read chunks are counted and checked like any other', async () => {
  // Lines of varying length (some far longer than a chunk) so line ends fall everywhere relative to chunks.
  const lines: string[] = [];
  let expected = 0;
  for (let i = 0; lines.join('\n').length < 5_000_000 && i < 100_000; i++) {
    if (i % 7 === 3) lines.push(i % 2 ? '' : '   ');
    else {
      lines.push(JSON.stringify({ i, text: 'x'.repeat(i % 97 === 0 ? 1_300_000 : (i * 31) % 400) }));
      expected++;
    }
  }
  const content = lines.join('\n');
  const result = ok(await countExamples(files.file('big.jsonl', content)));
  assert.equal(result.count, expected);

  const broken = `${content}\n{"i": 1, "text": "${'y'.repeat(2_000_000)}`;
  const failure = failed(await countExamples(files.file('big-broken.jsonl', broken)));
  assert.equal(failure.line, lines.length + 1);
  assert.equal(failure.column, '{"i": 1, "text": "'.length + 2_000_000); // the last byte of the cut line
});

test('gzip-compressed JSON Lines are decompressed as a stream', async () => {
  const text = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ input: `q${i}`, target: `a${i}` })).join('\n');
  const result = ok(await countExamples(files.gz('train.jsonl.gz', text)));
  assert.equal(result.format, 'jsonl');
  assert.equal(result.compressed, true);
  assert.equal(result.count, 2500);
  assert.deepEqual(result.records?.[2], { line: 3, record: { input: 'q2', target: 'a2' } });
});

test('a truncated gzip file is malformed, with the fix in the message', async () => {
  const text = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ i, pad: 'abcdefgh'.repeat(i % 9) })).join('\n');
  const whole = files.gz('whole.jsonl.gz', text);
  const bytes = readFileSync(whole);
  const failure = failed(await countExamples(files.file('cut.jsonl.gz', bytes.subarray(0, Math.floor(bytes.length / 2)))));
  assert.equal(failure.kind, 'malformed');
  assert.match(failure.message, /gzip data is truncated or corrupt/);

  const notGzip = failed(await countExamples(files.file('plain.jsonl.gz', '{"a":1}\n')));
  assert.equal(notGzip.kind, 'malformed');
});

test('readRecords returns a window of records with their lines and stops early', async () => {
  const head = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i })).join('\n');
  // Garbage after the window: a reader that went on would fail on it.
  const path = files.file('window.jsonl', `${head}\nnot json at all\n`);
  const outcome = await readRecords(path, { limit: 3, offset: 5 });
  assert.ok(outcome.ok);
  assert.deepEqual(outcome.records, [
    { line: 6, record: { i: 5 } },
    { line: 7, record: { i: 6 } },
    { line: 8, record: { i: 7 } },
  ]);
  const past = await readRecords(path, { limit: 2, offset: 20 });
  assert.ok(!past.ok && past.line === 21);
});

test('a line over the record limit among the first records is counted with a warning, or malformed when not an object', async () => {
  const big = `{"input": "a", "target": "${'x'.repeat(17 * 1024 * 1024)}"}`;
  const counted = ok(await countExamples(files.file('big-first.jsonl', `${big}\n{"input": "b", "target": "c"}\n`)));
  assert.equal(counted.count, 2);
  assert.deepEqual(counted.records, [{ line: 2, record: { input: 'b', target: 'c' } }]);
  assert.deepEqual(counted.warnings, ['The record at line 1 is larger than 16 MiB; it is counted but not shown.']);

  // A file of NUL bytes (a disk image, a sparse file) is one long line that is not a JSON object.
  const zeros = failed(await countExamples(files.file('zeros.jsonl', Buffer.alloc(17 * 1024 * 1024))));
  assert.equal(zeros.kind, 'malformed');
  assert.equal(zeros.line, 1);
  assert.match(zeros.message, /Line 1 does not start with `\{`/);
  const truncated = failed(await countExamples(files.file('cut.jsonl', big.slice(0, -2) + '\n')));
  assert.match(truncated.message, /Line 1 does not end with `\}`/);
  // A short one is parsed, and the parser's message shows the bytes escaped rather than raw.
  const small = failed(await countExamples(files.file('small-zeros.jsonl', Buffer.alloc(100))));
  assert.equal(small.kind, 'malformed');
  assert.ok(!small.message.includes('\u0000') && small.message.includes('\\x00'), small.message);
});
