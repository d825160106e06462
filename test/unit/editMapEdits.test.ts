// The core's map edits that quick fixes and the planners build on: each touches only its span, keeps comments and
// quoting, and writes the file's own line break. Also the one set of line helpers they stand on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendLinesEdit,
  appendToScalarEdit,
  applyEdits,
  insertKeyAfterEdit,
  insertKeyEdit,
  insertLinesAboveEdit,
  insertLinesBelowEdit,
  insertTopLevelKeyEdit,
  removeKeyEdit,
  setExamplesEdit,
  yamlString,
} from '../../server/src/core/edit';
import { columnAt, lineBreakOf, lineEndAt, lineStartAt, nextLineStartAt } from '../../server/src/core/lineIndex';
import { parseMixture } from '../../server/src/core/parse';
import type { KeyInfo, TaskEntry } from '../../server/src/core/types';

/** A KeyInfo for `key: value` where both are found in text (the nth occurrence of `key:`). */
function keyInfo(text: string, key: string, value: string, nth = 1): KeyInfo {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(`${key}:`, at + 1);
  assert.ok(at >= 0, `no ${key}: in text`);
  const v = text.indexOf(value, at + key.length + 1);
  return { key, keyRange: [at, at + key.length], valueRange: [v, v + value.length], valueType: 'number' };
}

test('appending to a quoted scalar keeps the quotes and trailing spaces', () => {
  const text = 'prefix: "cola sentence "\n';
  const start = text.indexOf('"');
  const range = [start, text.lastIndexOf('"') + 1] as const;
  assert.equal(applyEdits(text, [appendToScalarEdit(text, range, 'cola sentence ', ':')]), 'prefix: "cola sentence: "\n');
});

test('appending to a single-quoted scalar doubles quotes in the suffix', () => {
  const text = "name: 'cola'\n";
  const range = [6, 12] as const;
  assert.equal(applyEdits(text, [appendToScalarEdit(text, range, 'cola', "'s")]), "name: 'cola''s'\n");
});

test("appending ':' to a plain scalar quotes it (a plain `a:` would end a key)", () => {
  const text = 'prefix: cola sentence  # comment\n';
  const range = [8, 21] as const;
  assert.equal(applyEdits(text, [appendToScalarEdit(text, range, 'cola sentence', ':')]), 'prefix: "cola sentence:"  # comment\n');
});

test('appending a safe suffix to a plain scalar inserts it', () => {
  const text = '  - name: cola\n';
  assert.equal(applyEdits(text, [appendToScalarEdit(text, [10, 14], 'cola', '_2')]), '  - name: cola_2\n');
});

test('removing a key on its own line takes the line and keeps its neighbours', () => {
  const text = 'sampling:\n  strategy: sqrt\n  temperature: 2   # why\n  cap: 5\n';
  const out = applyEdits(text, [removeKeyEdit(text, keyInfo(text, 'temperature', '2'))]);
  assert.equal(out, 'sampling:\n  strategy: sqrt\n  cap: 5\n');
});

test('removing the last key of a file without a final newline', () => {
  const text = 'a: 1\nb: 2';
  assert.equal(applyEdits(text, [removeKeyEdit(text, keyInfo(text, 'b', '2'))]), 'a: 1\n');
});

test('removing the first key of a sequence item moves the next key behind the dash', () => {
  const text = 'tasks:\n  - rate: 1\n    name: cola\n';
  assert.equal(applyEdits(text, [removeKeyEdit(text, keyInfo(text, 'rate', '1'))]), 'tasks:\n  - name: cola\n');
});

test('removing a key of a flow map takes one comma with it', () => {
  const text = 'sampling: {strategy: sqrt, temperature: 2, cap: 5}\n';
  assert.equal(applyEdits(text, [removeKeyEdit(text, keyInfo(text, 'temperature', '2'))]), 'sampling: {strategy: sqrt, cap: 5}\n');
  const last = 'sampling: {strategy: sqrt, temperature: 2}\n';
  assert.equal(applyEdits(last, [removeKeyEdit(last, keyInfo(last, 'temperature', '2'))]), 'sampling: {strategy: sqrt}\n');
});

test('inserting a key into a block map uses the column of its keys and keeps a trailing comment', () => {
  const text = 'tasks:\n  - name: cola\n    examples: 5  # counted\n  - name: b\n';
  const keys = [keyInfo(text, 'name', 'cola'), keyInfo(text, 'examples', '5')];
  const itemStart = text.indexOf('-');
  const out = applyEdits(text, [insertKeyEdit(text, keys, [itemStart, text.indexOf('5') + 1], 'prefix: "cola:"')]);
  assert.equal(out, 'tasks:\n  - name: cola\n    examples: 5  # counted\n    prefix: "cola:"\n  - name: b\n');
});

test('inserting into a flow map adds `, key: value` before the brace', () => {
  const text = 'tasks:\n  - {name: cola, examples: 5}\n';
  const keys = [keyInfo(text, 'name', 'cola'), keyInfo(text, 'examples', '5')];
  const out = applyEdits(text, [insertKeyEdit(text, keys, [text.indexOf('-'), text.indexOf('}') + 1], 'prefix: "cola:"')]);
  assert.equal(out, 'tasks:\n  - {name: cola, examples: 5, prefix: "cola:"}\n');
});

test('CRLF files get CRLF line breaks in inserted lines', () => {
  const text = 'sampling:\r\n  strategy: temperature\r\ntasks: []\r\n';
  const keys = [keyInfo(text, 'strategy', 'temperature')];
  const out = applyEdits(text, [insertKeyEdit(text, keys, [11, 34], 'temperature: 2')]);
  assert.equal(out, 'sampling:\r\n  strategy: temperature\r\n  temperature: 2\r\ntasks: []\r\n');
});

test('a top-level key goes after header comments, before the first key', () => {
  const text = '# header\ntasks: []\n';
  const keys = [keyInfo(text, 'tasks', '[]')];
  assert.equal(applyEdits(text, [insertTopLevelKeyEdit(text, keys, 'mixture: m')]), '# header\nmixture: m\ntasks: []\n');
});

test('yamlString quotes only what a plain scalar would misread', () => {
  assert.equal(yamlString('cola'), 'cola');
  assert.equal(yamlString('answers.text'), 'answers.text');
  assert.equal(yamlString('true'), '"true"');
  assert.equal(yamlString('a: b'), '"a: b"');
  assert.equal(yamlString('#x'), '"#x"');
  assert.equal(yamlString('12'), '"12"');
});

test('line helpers: a line ends at \\n, and a \\r before it belongs to the break', () => {
  const text = '\nab\r\ncd\nef';
  assert.equal(lineStartAt(text, 0), 0, 'offset 0 is on the first line even when the text starts with a break');
  assert.equal(lineStartAt(text, 1), 1);
  assert.equal(lineStartAt(text, 3), 1, 'the \\r of a CRLF is still on its line');
  assert.equal(lineStartAt(text, 4), 1, 'so is the \\n');
  assert.equal(lineStartAt(text, 5), 5);
  assert.equal(lineEndAt(text, 1), 3, 'the end of a CRLF line is before its \\r');
  assert.equal(lineEndAt(text, 5), 7);
  assert.equal(lineEndAt(text, 9), text.length);
  assert.equal(nextLineStartAt(text, 1), 5);
  assert.equal(nextLineStartAt(text, 9), text.length);
  assert.equal(columnAt(text, 6), 1);
  assert.equal(lineBreakOf('a: 1\r\nb: 2\n'), '\r\n', 'the first line says');
  assert.equal(lineBreakOf('a: 1\nb: 2\r\n'), '\n');
  assert.equal(lineBreakOf('a: 1'), '\n');
});

/** `text` with every \n written as \r\n. */
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

test('CRLF: removing a key takes its whole line with its CRLF; the first key of an item moves the next up', () => {
  const text = crlf('sampling:\n  strategy: sqrt\n  temperature: 2   # why\n  cap: 5\n');
  assert.equal(applyEdits(text, [removeKeyEdit(text, keyInfo(text, 'temperature', '2'))]), crlf('sampling:\n  strategy: sqrt\n  cap: 5\n'));
  const item = crlf('tasks:\n  - rate: 1\n    name: cola\n');
  assert.equal(applyEdits(item, [removeKeyEdit(item, keyInfo(item, 'rate', '1'))]), crlf('tasks:\n  - name: cola\n'));
  // A blank line (here of spaces up to the keys' column) is not a key to move up: the key alone goes.
  const blank = crlf('tasks:\n  - rate: 1\n    \n  - name: b\n');
  assert.equal(applyEdits(blank, [removeKeyEdit(blank, keyInfo(blank, 'rate', '1'))]), crlf('tasks:\n  - \n    \n  - name: b\n'));
});

test('CRLF: a top-level key, lines above, below and at the end all write CRLF', () => {
  const text = crlf('# header\ntasks: []\n');
  const keys = [keyInfo(text, 'tasks', '[]')];
  assert.equal(applyEdits(text, [insertTopLevelKeyEdit(text, keys, 'mixture: m')]), crlf('# header\nmixture: m\ntasks: []\n'));
  assert.equal(applyEdits(text, [insertLinesAboveEdit(text, text.indexOf('tasks'), ['a: 1', 'b: 2'])]), crlf('# header\na: 1\nb: 2\ntasks: []\n'));
  assert.equal(applyEdits(text, [insertLinesBelowEdit(text, 0, 2, ['x', 'y'])]), crlf('# header\n  x\n  y\ntasks: []\n'));
  assert.equal(applyEdits(text, [appendLinesEdit(text, ['z: 1'])]), crlf('# header\ntasks: []\nz: 1\n'));
  // Without a final line break the new lines start with one, in the file's style.
  const bare = crlf('a: 1\nb: 2');
  assert.equal(applyEdits(bare, [appendLinesEdit(bare, ['c: 3'])]), crlf('a: 1\nb: 2\nc: 3\n'));
});

test('a key after a given key: below its line in block style, inside the braces in flow style (CRLF kept)', () => {
  const text = crlf('tasks:\n  - name: cola   # the task\n    prefix: "cola:"\n');
  const model = parseMixture(text).model;
  const entry = model.tasks[0]!;
  const name = entry.keys.find((k) => k.key === 'name')!;
  assert.equal(applyEdits(text, [insertKeyAfterEdit(text, entry.range, name, 'examples: 5')]), crlf('tasks:\n  - name: cola   # the task\n    examples: 5\n    prefix: "cola:"\n'));
  const flow = 'tasks:\n  - {name: cola, prefix: "cola:"}\n';
  const flowEntry = parseMixture(flow).model.tasks[0]!;
  const flowName = flowEntry.keys.find((k) => k.key === 'name')!;
  assert.equal(applyEdits(flow, [insertKeyAfterEdit(flow, flowEntry.range, flowName, 'examples: 5')]), 'tasks:\n  - {name: cola, prefix: "cola:", examples: 5}\n');
});

test('pinning examples: the value replaced, else a line after the name (the "Set examples to the counted N" action)', () => {
  const task = (text: string) => parseMixture(text).model.tasks[0] as TaskEntry;
  const declared = 'tasks:\n  - name: cola\n    examples: 5  # guessed\n';
  assert.equal(applyEdits(declared, [setExamplesEdit(declared, task(declared), 8551)]), 'tasks:\n  - name: cola\n    examples: 8551  # guessed\n');
  const absent = crlf('tasks:\n  - name: cola\n    prefix: "c:"\n    data: cola.jsonl\n');
  assert.equal(applyEdits(absent, [setExamplesEdit(absent, task(absent), 7)]), crlf('tasks:\n  - name: cola\n    examples: 7\n    prefix: "c:"\n    data: cola.jsonl\n'));
  const last = 'tasks:\n  - name: cola';
  assert.equal(applyEdits(last, [setExamplesEdit(last, task(last), 7)]), 'tasks:\n  - name: cola\n    examples: 7');
});

test('inserting into a nested flow map stays inside its own braces', () => {
  const text = 'tasks:\n  - {name: cola, fields: {input: sentence}}\n';
  const fields = (parseMixture(text).model.tasks[0] as TaskEntry).fields!;
  const out = applyEdits(text, [insertKeyEdit(text, fields.keys!, fields.range, 'target: label')]);
  assert.equal(out, 'tasks:\n  - {name: cola, fields: {input: sentence, target: label}}\n');
});
