import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countExamples, readRecords } from '../../server/src/core/data';
import { fixture, tempFiles, ok, failed } from './helpers/dataFiles';

const files = tempFiles();


test('a TSV file: header row, records after it', async () => {
  const result = ok(await countExamples(fixture('sst2.train.tsv'), { fields: { input: 'sentence', target: 'label' } }));
  assert.equal(result.format, 'tsv');
  assert.equal(result.count, 3);
  assert.deepEqual(result.columns, ['sentence', 'label']);
  assert.deepEqual(result.records?.[0], { line: 2, record: { sentence: 'hide new secretions from the parental units ', label: '0' } });
  assert.equal(result.missingFields, undefined);
});

test('RFC 4180 quoting: escaped quotes, delimiters and line breaks inside quotes, blank lines', async () => {
  const result = ok(await countExamples(fixture('quoted.csv')));
  assert.equal(result.count, 3);
  assert.deepEqual(result.records, [
    { line: 2, record: { question: 'What does "RFC 4180" define?', answer: 'CSV, with quotes', note: 'plain' } },
    { line: 3, record: { question: 'A field with\na line break', answer: 'two\nlines', note: 'x' } },
    { line: 7, record: { question: 'plain question', answer: 'plain answer', note: 'quoted, last' } },
  ]);
});

test('CRLF endings, a BOM, no trailing newline', async () => {
  const text = '\uFEFFinput,target\r\n"multi\r\nline",1\r\n\r\nplain,2';
  const result = ok(await countExamples(files.file('crlf.csv', text)));
  assert.deepEqual(result.columns, ['input', 'target']);
  assert.equal(result.count, 2);
  assert.deepEqual(result.records, [
    { line: 2, record: { input: 'multi\r\nline', target: '1' } },
    { line: 5, record: { input: 'plain', target: '2' } },
  ]);
});

test('an unterminated quote is reported on the line where it starts', async () => {
  const failure = failed(await countExamples(fixture('unterminated.csv')));
  assert.equal(failure.kind, 'malformed');
  assert.equal(failure.line, 3);
  assert.equal(failure.column, 1);
  assert.match(failure.message, /never closed/);
});

test('a quote inside an unquoted field is an ordinary character (as Python csv reads GLUE TSVs)', async () => {
  const result = ok(await countExamples(files.file('stray.tsv', 'sentence\tlabel\nthe "so-called" film\t1\n')));
  assert.deepEqual(result.records?.[0]?.record, { sentence: 'the "so-called" film', label: '1' });
});

test('empty file, header only, ragged rows', async () => {
  const empty = ok(await countExamples(files.file('empty.csv', '')));
  assert.equal(empty.count, 0);
  assert.match(empty.warnings?.[0] ?? '', /no header row/);
  assert.equal(ok(await countExamples(files.file('header.csv', 'a,b\n'))).count, 0);
  const ragged = ok(await countExamples(files.file('ragged.csv', 'a,b\n1,2,3\n4\n')));
  assert.equal(ragged.count, 2);
  assert.deepEqual(ragged.warnings, ['Line 2 has 3 fields, but the header has 2.', 'Line 3 has 1 fields, but the header has 2.']);
});

test('a field that is not a header column is reported at the header line', async () => {
  const result = ok(await countExamples(fixture('quoted.csv'), { fields: { input: 'question', target: 'label' } }));
  assert.deepEqual(result.missingFields, [
    { role: 'target', field: 'label', line: 1, message: 'The header has no column "label" for the target (columns: question, answer, note).' },
  ]);
});

test('gzip-compressed CSV', async () => {
  const rows = ['input,target', ...Array.from({ length: 4000 }, (_, i) => `"row ${i}, with comma",${i}`)];
  const result = ok(await countExamples(files.gz('rows.csv.gz', rows.join('\n'))));
  assert.equal(result.count, 4000);
  assert.deepEqual(result.records?.[1]?.record, { input: 'row 1, with comma', target: '1' });
});

test('random tables written with RFC 4180 quoting are read back exactly', async () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '\t', '"', '\n', '\r\n', 'é', '😀'), maxLength: 8 });
  const quote = (value: string, sep: string) =>
    /["\n\r]/.test(value) || value.includes(sep) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(',', '\t'),
      fc.integer({ min: 1, max: 4 }).chain((width) =>
        fc.tuple(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: width, maxLength: width }), fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 12 })),
      ),
      fc.constantFrom('\n', '\r\n'),
      async (sep, [header, rows], eol) => {
        const lines = [header, ...rows].map((row) => row.map((v) => quote(v, sep)).join(sep));
        const text = lines.join(eol) + eol;
        const lastLine = (lines.slice(0, -1).join(eol) + eol).split('\n').length;
        const path = files.file(`random-${round++ % 4}.${sep === ',' ? 'csv' : 'tsv'}`, text);
        const expected = rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
        const result = ok(await countExamples(path, { sampleRecords: 12 }));
        assert.equal(result.count, rows.length);
        assert.deepEqual(result.records?.map((r) => r.record), expected);
        // Records only counted (not built) take the scanner's jumping path; the count and positions must agree.
        const counted = ok(await countExamples(path, { sampleRecords: 1 }));
        assert.equal(counted.count, rows.length);
        if (rows.length > 0) {
          const last = await readRecords(path, { limit: 1, offset: rows.length - 1 });
          assert.ok(last.ok);
          assert.deepEqual(last.records.map((r) => r.record), expected.slice(-1));
          assert.equal(last.records[0]?.line, lastLine);
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('readRecords on CSV returns a window and stops early', async () => {
  const path = files.file('window.csv', 'input,target\na,1\nb,2\nc,3\n"unterminated\n');
  const outcome = await readRecords(path, { limit: 2, offset: 1 });
  assert.ok(outcome.ok, JSON.stringify(outcome));
  assert.deepEqual(outcome.records, [
    { line: 3, record: { input: 'b', target: '2' } },
    { line: 4, record: { input: 'c', target: '3' } },
  ]);
});

test('large quoted fields stream: one under the record limit is read back exactly, one over it is counted and said so', async () => {
  // 12 MB and 20 MB quoted fields holding every character that matters to the scanner: `""`, the delimiter,
  // CR, LF, and multi-byte UTF-8 cut at chunk edges (the reader hands out 1 MiB chunks).
  const unit = 'ab""c,d\r\ne é 😀\n';
  const value = (bytes: number) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
  const kept = value(12 * 1024 * 1024);
  const over = value(20 * 1024 * 1024);
  const text = `input,target\n"${kept}",small\n"${over}",big\n"a ""b""\nc",third\nplain,last\n`;
  const path = files.file('huge-field.csv', text);
  const result = ok(await countExamples(path, { sampleRecords: 3 }));
  assert.equal(result.count, 4);
  const lines = (s: string) => s.split('\n').length - 1;
  const overLine = 3 + lines(kept);
  assert.deepEqual(result.records?.map((r) => r.line), [2, overLine + lines(over) + 1]);
  const unescape = (s: string) => s.replaceAll('""', '"');
  const first = result.records?.[0]?.record as Record<string, string>;
  assert.equal(first.target, 'small');
  assert.equal(first.input.length, unescape(kept).length);
  assert.ok(first.input === unescape(kept), 'the 12 MB field is read back exactly');
  assert.deepEqual(result.records?.[1]?.record, { input: 'a "b"\nc', target: 'third' });
  assert.deepEqual(result.warnings, [`The record at line ${overLine} is larger than 16 MiB; it is counted but not shown.`]);
  // Counted only (outside the sample), the same file gives the same count.
  assert.equal(ok(await countExamples(path, { sampleRecords: 0 })).count, 4);
});

test('a header row over the record limit is an error, not a silently truncated header', async () => {
  const path = files.file('huge-header.csv', `"${'h'.repeat(17 * 1024 * 1024)}",b\n1,2\n`);
  const failure = failed(await countExamples(path));
  assert.equal(failure.kind, 'malformed');
  assert.equal(failure.line, 1);
  assert.match(failure.message, /header row is larger than 16 MiB/);
});
