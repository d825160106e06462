import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countExamples, readRecords } from '../../server/src/core/data';
import { fixture, tempFiles, ok, failed } from './helpers/dataFiles';

const files = tempFiles();


test('counts the elements of a top-level array and keeps the first ones with their lines', async () => {
  const result = ok(await countExamples(fixture('squad.train.json'), { sampleRecords: 2 }));
  assert.equal(result.format, 'json');
  assert.equal(result.count, 3);
  assert.deepEqual(result.records?.map((r) => r.line), [2, 8]);
  assert.deepEqual((result.records?.[1]?.record as { answers: unknown }).answers, {
    text: ['a copper statue of Christ'],
    answer_start: [188],
  });
});

test('scalars, nesting, escapes and an empty array', async () => {
  const text = '\uFEFF[1, -2.5e+3, "s\\"]\\u00e9", true, false, null, [], {}, [[{"a": [1, {"b": "]"}]}]], {"k": "}"}]';
  const result = ok(await countExamples(files.file('mixed.json', text), { sampleRecords: 20 }));
  assert.equal(result.count, 10);
  assert.deepEqual(result.records?.map((r) => r.record), JSON.parse(text.slice(1)));
  assert.equal(ok(await countExamples(files.file('empty-array.json', ' [ ]\n'))).count, 0);
});

test('syntax errors are reported at their line and column', async () => {
  const cases: [string, number, number, RegExp][] = [
    ['[\n  {"a": 1},\n  {"a": 2,}\n]', 3, 11, /expected a string key/],
    ['[\n  {"a": 1}\n  {"a": 2}\n]', 3, 3, /expected `,` or `]`/],
    ['[\n  {"a": 01}\n]', 2, 10, /invalid number 01/],
    ['[\n  {"a": tru}\n]', 2, 12, /invalid literal/],
    ['[\n  {"a": "x\\q"}\n]', 2, 12, /invalid escape/],
    ['[\n  {"a": "open\n  }\n]', 2, 14, /line break inside the string that starts on line 2/],
    ['[1, 2]\n[3]', 2, 1, /after the end of the top-level array/],
    ['[{"a": 1]', 1, 9, /expected `,` or `}`/],
    ['"text"', 1, 1, /expected a top-level array/],
  ];
  for (const [text, line, column, message] of cases) {
    const failure = failed(await countExamples(files.file('bad.json', text)));
    assert.equal(failure.kind, 'malformed', text);
    assert.deepEqual([failure.line, failure.column], [line, column], `${text}: ${failure.message}`);
    assert.match(failure.message, message, text);
  }
});

test('an unclosed array, an unclosed string and an empty file', async () => {
  const unclosed = failed(await countExamples(files.file('unclosed.json', '[\n  {"a": 1},\n  {"a": 2}\n')));
  assert.match(unclosed.message, /array opened on line 1 is not closed/);
  const string = failed(await countExamples(files.file('string.json', '[\n {"a": "never closed')));
  assert.equal(string.line, 2);
  assert.match(string.message, /string that starts on line 2 is not closed/);
  const empty = failed(await countExamples(files.file('empty.json', '')));
  assert.match(empty.message, /file is empty/);
});

test('a .json file holding JSON Lines is read as JSON Lines, with a warning', async () => {
  const result = ok(await countExamples(files.file('lines.json', '{"a": 1}\n{"a": 2}\n')));
  assert.equal(result.format, 'jsonl');
  assert.equal(result.count, 2);
  assert.match(result.warnings?.[0] ?? '', /holds JSON Lines/);
  const single = failed(await countExamples(files.file('object.json', '{\n  "data": [1, 2]\n}\n')));
  assert.match(single.message, /must hold one top-level array/);
  // One object on one line is a JSON document with an object at the top, not one example of JSON Lines.
  const oneLine = failed(await countExamples(files.file('object-line.json', '{"data": [{"input": "a"}, {"input": "b"}], "version": 2}')));
  assert.equal(oneLine.kind, 'malformed');
  assert.equal(oneLine.line, 1);
  assert.match(oneLine.message, /holds one object, but a \.json data file must hold an array of records at the top level/);
  assert.match(oneLine.message, /Its key `data` holds an array/);
});

test('gzip-compressed JSON arrays', async () => {
  const rows = Array.from({ length: 3000 }, (_, i) => ({ input: `question ${i}`, target: [`a${i}`, `b${i}`] }));
  const result = ok(await countExamples(files.gz('rows.json.gz', JSON.stringify(rows, null, 1))));
  assert.equal(result.count, 3000);
  assert.equal(result.compressed, true);
  assert.deepEqual(result.records?.map((r) => r.record), rows.slice(0, 3));
});

test('counts and records agree with JSON.parse on random arrays, however they are spaced', async () => {
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 30 }),
      fc.integer({ min: 0, max: 3 }),
      async (values, indent) => {
        const text = JSON.stringify(values, null, indent);
        const result = ok(await countExamples(files.file(`random-${round++ % 4}.json`, text), { sampleRecords: 5 }));
        assert.equal(result.count, values.length);
        assert.deepEqual(result.records?.map((r) => r.record), JSON.parse(text).slice(0, 5));
        if (values.length > 0) {
          const last = await readRecords(files.file(`random-${round % 4}.json`, text), { limit: 1, offset: values.length - 1 });
          assert.ok(last.ok);
          assert.deepEqual(last.records.map((r) => r.record), JSON.parse(text).slice(-1));
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('a large array spanning many read chunks', async () => {
  const element = (i: number) => JSON.stringify({ i, text: 'lorem ipsum '.repeat(i % 50), nested: { list: [i, `${i}`] } });
  const parts: string[] = [];
  for (let i = 0; i < 40_000; i++) parts.push(element(i));
  const result = ok(await countExamples(files.file('large.json', `[\n${parts.join(',\n')}\n]\n`)));
  assert.equal(result.count, 40_000);
});

test('readRecords stops once it has the records it needs', async () => {
  const path = files.file('early.json', '[{"i": 0}, {"i": 1}, {"i": 2}, this is not json');
  const outcome = await readRecords(path, { limit: 2, offset: 1 });
  assert.ok(outcome.ok, JSON.stringify(outcome));
  assert.deepEqual(outcome.records.map((r) => r.record), [{ i: 1 }, { i: 2 }]);
  const further = await readRecords(path, { limit: 1, offset: 3 });
  assert.ok(!further.ok && further.kind === 'malformed');
});
