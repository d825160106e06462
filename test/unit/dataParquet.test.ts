import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countExamples, readRecords } from '../../server/src/core/data';
import { tempFiles, ok, failed } from './helpers/dataFiles';
import { writeParquet, type ParquetColumn } from './helpers/parquetWriter';

const files = tempFiles();


function squadColumns(rows: number): ParquetColumn[] {
  return [
    { path: 'id', type: 'int32', values: Array.from({ length: rows }, (_, i) => i) },
    { path: 'question', type: 'string', values: Array.from({ length: rows }, (_, i) => `question ${i} é`) },
    { path: 'answers.text', type: 'string', values: Array.from({ length: rows }, (_, i) => `answer ${i}`) },
  ];
}

/** Every row, read the slow way (all data pages) with hyparquet itself. */
async function readAllRows(path: string): Promise<Record<string, unknown>[]> {
  const { parquetReadObjects } = await import('hyparquet');
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return parquetReadObjects({ file });
}

test('the row count comes from the footer and matches reading every row', async () => {
  for (const [rows, groupSize] of [[0, 10], [1, 10], [2500, 1000], [7, 3]] as const) {
    const path = files.file(`rows-${rows}.parquet`, writeParquet(squadColumns(rows), groupSize));
    const result = ok(await countExamples(path, { maxBytes: 10 }));
    assert.equal(result.format, 'parquet');
    assert.equal(result.count, rows);
    assert.equal((await readAllRows(path)).length, rows);
    assert.equal(result.records, undefined);
    assert.deepEqual(result.columns, ['id', 'question', 'answers', 'answers.text']);
  }
});

test('fields are checked against the schema, dotted paths reaching into structs', async () => {
  const path = files.file('squad.parquet', writeParquet(squadColumns(5)));
  const good = ok(await countExamples(path, { fields: { input: 'question', target: 'answers.text' } }));
  assert.equal(good.missingFields, undefined);
  const bad = ok(await countExamples(path, { fields: { input: 'context', target: 'answers.start' } }));
  assert.deepEqual(
    bad.missingFields?.map((m) => [m.role, m.field, m.line]),
    [['input', 'context', undefined], ['target', 'answers.start', undefined]],
  );
  assert.match(bad.missingFields?.[0]?.message ?? '', /parquet schema has no column "context".*columns: id, question, answers, answers.text/);
});

test('readRecords reads a row window, optionally only the columns of the fields', async () => {
  const path = files.file('window.parquet', writeParquet(squadColumns(50), 20));
  const all = await readRecords(path, { limit: 2, offset: 19 });
  assert.ok(all.ok, JSON.stringify(all));
  assert.deepEqual(all.records, [
    { line: 20, record: { id: 19, question: 'question 19 é', answers: { text: 'answer 19' } } },
    { line: 21, record: { id: 20, question: 'question 20 é', answers: { text: 'answer 20' } } },
  ]);
  const projected = await readRecords(path, { limit: 1, fields: { input: 'question', target: 'answers.text' } });
  assert.ok(projected.ok);
  assert.deepEqual(projected.records, [{ line: 1, record: { question: 'question 0 é', answers: { text: 'answer 0' } } }]);
  const beyond = await readRecords(path, { limit: 5, offset: 50 });
  assert.ok(beyond.ok && beyond.records.length === 0);
});

test('bad magic bytes, a truncated footer and a tiny file are malformed', async () => {
  const good = writeParquet(squadColumns(10));
  const badHead = Buffer.from(good);
  badHead.write('PARX', 0, 'latin1');
  assert.match(failed(await countExamples(files.file('head.parquet', badHead))).message, /PAR1 magic/);

  const badTail = failed(await countExamples(files.file('tail.parquet', good.subarray(0, good.length - 3))));
  assert.equal(badTail.kind, 'malformed');
  assert.match(badTail.message, /footer cannot be read/);

  const text = failed(await countExamples(files.file('text.parquet', 'input,target\n')));
  assert.equal(text.kind, 'malformed');
  assert.equal(failed(await countExamples(files.file('zero.parquet', ''))).kind, 'malformed');
});
