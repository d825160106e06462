// "Write to results" asks before replacing a score already in the file (issue 15: multi_task.sst2 92.1 became 0
// after a 4-record evaluation, without a word), showing the old and the new value; a metric mismatch asks too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultsQuestion } from '../../client/src/views/resultsConfirm';
import type { ResultsEditParams } from '../../contracts/lsp';

const params: ResultsEditParams = { uri: 'file:///m.mixture.yaml', task: 'sst2', block: 'multi_task', metric: 'accuracy', value: 0 };

test('replacing a score asks, naming the entry, the old and the new value', () => {
  const q = resultsQuestion(params, { replaces: { previous: 92.1, next: 0 } });
  assert.ok(q);
  assert.equal(q.confirm, 'Replace');
  assert.match(q.message, /results\.multi_task\.sst2 is 92\.1 in the file\. Replace it with 0 \(accuracy\)\?/);
});

test('a new score asks nothing; a metric warning asks; both are shown together', () => {
  assert.equal(resultsQuestion(params, {}), null);
  const warned = resultsQuestion(params, { warning: "results.metric is 'f1', but this score is accuracy" });
  assert.deepEqual(warned, { message: "results.metric is 'f1', but this score is accuracy", confirm: 'Write anyway' });
  const both = resultsQuestion(params, { warning: 'mixed metrics', replaces: { previous: 92.1, next: 0 } })!;
  assert.match(both.message, /92\.1[\s\S]*mixed metrics/);
  assert.equal(both.confirm, 'Replace');
});
