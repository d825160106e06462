import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countExamples, findMissingFields, formatExample, getField } from '../../server/src/core/data';
import { fixture } from './helpers/dataFiles';

const squad = {
  question: 'When?',
  answers: { text: ['September 1876', '1876'], answer_start: [248, 258] },
  'meta.source': 'wiki',
  spans: [{ text: 'a', start: 1 }, { text: 'b', start: 2 }],
};

test('getField reads keys, dotted paths, literal dotted keys and paths through arrays', () => {
  assert.equal(getField(squad, 'question'), 'When?');
  assert.deepEqual(getField(squad, 'answers.text'), ['September 1876', '1876']);
  assert.equal(getField(squad, 'answers.text.1'), '1876');
  assert.equal(getField(squad, 'meta.source'), 'wiki');
  assert.deepEqual(getField(squad, 'spans.text'), ['a', 'b']);
  assert.equal(getField(squad, 'spans.missing'), undefined);
  assert.equal(getField(squad, 'answers.nope'), undefined);
  assert.equal(getField(squad, 'question.length'), undefined);
  assert.equal(getField('a string', 'x'), undefined);
  assert.equal(getField(null, 'x'), undefined);
  assert.equal(getField({ a: { b: 0 } }, 'a.b'), 0);
});

test('formatExample: T5 text-to-text with the prefix, labels as Python prints them', () => {
  const fields = { input: 'sentence', target: 'label' };
  assert.deepEqual(formatExample({ sentence: 'They drank the pub.', label: 0 }, fields, 'cola sentence:'), {
    input: 'cola sentence: They drank the pub.',
    target: '0',
  });
  assert.deepEqual(formatExample({ sentence: 's', label: true }, fields, 'boolq:'), { input: 'boolq: s', target: 'True' });
  assert.deepEqual(formatExample({ sentence: 's', label: 3.8 }, fields, 'stsb: '), { input: 'stsb: s', target: '3.8' });
  assert.deepEqual(formatExample({ sentence: 's', label: 1e-7 }, fields, ''), { input: 's', target: '1e-07' });
  assert.deepEqual(formatExample(squad, { input: 'question', target: 'answers.text' }, 'squad question:'), {
    input: 'squad question: When?',
    target: ['September 1876', '1876'],
  });
});

test('formatExample explains what is wrong instead of guessing', () => {
  const fields = { input: 'sentence', target: 'label' };
  assert.match((formatExample({ label: 1 }, fields, 'p:') as { error: string }).error, /no field "sentence" for the input/);
  assert.match((formatExample({ sentence: 's' }, fields, 'p:') as { error: string }).error, /no field "label" for the target/);
  assert.match((formatExample({ sentence: { a: 1 }, label: 1 }, fields, 'p:') as { error: string }).error, /holds an object/);
  assert.match((formatExample({ sentence: 's', label: null }, fields, 'p:') as { error: string }).error, /holds null/);
  assert.match((formatExample({ sentence: 's', label: [] }, fields, 'p:') as { error: string }).error, /empty list/);
  assert.match((formatExample({ sentence: 's', label: [{ x: 1 }] }, fields, 'p:') as { error: string }).error, /holds a list/);
});

test('findMissingFields names the first record without each field', () => {
  const records = [
    { line: 1, record: { input: 'a', target: 'b' } },
    { line: 3, record: { input: 'c' } },
  ];
  assert.deepEqual(findMissingFields(records, { input: 'input', target: 'target' }), [
    { role: 'target', field: 'target', line: 3, message: 'The record on line 3 has no field "target" for the target (its keys: input).' },
  ]);
  assert.deepEqual(findMissingFields(records, { input: 'input', target: 'input' }), []);
});

test('countExamples checks the fields on its sample records, dotted paths included', async () => {
  const cola = await countExamples(fixture('cola.train.jsonl'), { fields: { input: 'sentence', target: 'labels' } });
  assert.ok(cola.ok);
  assert.deepEqual(cola.missingFields?.map((m) => [m.role, m.field, m.line]), [['target', 'labels', 1]]);

  const squadFile = await countExamples(fixture('squad.train.json'), { fields: { input: 'question', target: 'answers.text' } });
  assert.ok(squadFile.ok && squadFile.missingFields === undefined);
  const wrong = await countExamples(fixture('squad.train.json'), { fields: { input: 'question', target: 'answers.texts' } });
  assert.ok(wrong.ok);
  assert.deepEqual(wrong.missingFields?.map((m) => [m.field, m.line]), [['answers.texts', 2]]);
});
