// The format definition is complete: every key and strategy documented, the spec's metric list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METRIC_NAMES, SECTIONS, SETTING_USED_BY, STRATEGY_DOCS, STRATEGY_NAMES, keyDef, validKeys } from '../../server/src/core/schema';

test('every key of every section has a one-paragraph doc', () => {
  for (const section of Object.values(SECTIONS)) {
    assert.ok(section.keys.length > 0, section.name);
    for (const k of section.keys) {
      assert.ok(k.doc.length >= 20, `${section.name}.${k.key}: doc too short`);
      assert.ok(!k.doc.includes('\n\n'), `${section.name}.${k.key}: one paragraph`);
    }
    const names = section.keys.map((k) => k.key);
    assert.equal(new Set(names).size, names.length, `${section.name}: duplicate key`);
  }
});

test('every strategy value, alias included, has a doc', () => {
  assert.deepEqual([...STRATEGY_NAMES].sort(), ['equal', 'manual', 'proportional', 'sqrt', 'temperature', 'uniform', 'unimax']);
  for (const s of STRATEGY_NAMES) assert.ok(STRATEGY_DOCS[s].length > 20, s);
  for (const users of Object.values(SETTING_USED_BY)) for (const u of users) assert.ok((STRATEGY_NAMES as readonly string[]).includes(u));
});

test("the metric names are the spec's", () => {
  assert.deepEqual([...METRIC_NAMES], ['accuracy', 'exact_match', 'f1', 'matthews_corr', 'pearson', 'spearman', 'bleu', 'rouge1', 'rouge2', 'rougeL']);
});

test('the required keys are the spec’s, and other tools’ weight keys are known but not suggested', () => {
  const required = Object.values(SECTIONS).flatMap((s) => s.keys.filter((k) => k.required).map((k) => `${s.name}.${k.key}`));
  assert.deepEqual(required.sort(), ['include.include', 'task.name', 'task.prefix', 'top.mixture', 'top.tasks']);
  assert.equal(keyDef('task', 'weight')?.value.kind, 'foreign');
  assert.ok(!validKeys('task').includes('weight'));
  assert.deepEqual(validKeys('include'), ['include', 'rate']);
});
