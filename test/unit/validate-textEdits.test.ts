import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyInfo } from '../../server/src/core/types';
import {
  appendToScalarEdit,
  applyEdits,
  insertKeyEdit,
  insertTopLevelKeyEdit,
  removeKeyEdit,
  yamlString,
} from '../../server/src/core/validate/textEdits';

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
