// Quick fixes of the rate warnings (issue 15): `too-many-epochs` offers raising (or setting) budget.max_epochs and
// switching to UniMax; `starved-task` offers raising the budget. Each is one edit, and applied it silences the warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/edit';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { MixtureProject } from '../../server/src/core/analyze';

async function byCode(text: string, code: string) {
  const project = new MixtureProject();
  const file = join(tmpdir(), 'taskmix-rate-fixes-never-written.mixture.yaml'); // an open buffer: nothing is read or written
  project.setText(file, text);
  return (await project.analyze(file)).diagnostics.filter((d) => d.code === code);
}

const OVER = `mixture: m
sampling:
  strategy: uniform
budget:
  examples: 1010
  max_epochs: 10
tasks:
  - name: small
    prefix: "small:"
    examples: 50
  - name: big
    prefix: "big:"
    examples: 5000
`;

test('too-many-epochs: raise max_epochs, switch to UniMax; each one edit that removes the warning', async () => {
  const [d] = await byCode(OVER, 'too-many-epochs');
  assert.ok(d, 'the fixture warns');
  assert.match(d.message, /seen 10\.1 epochs/, 'one decimal near the threshold');
  const titles = d.fixes!.map((f) => f.title);
  assert.deepEqual(titles, ['Raise budget.max_epochs to 11', 'Switch to UniMax (no task over 10 epochs)']);
  for (const fix of d.fixes!) {
    assert.equal(fix.edits.length, 1);
    const after = applyEdits(OVER, fix.edits);
    assert.deepEqual(await byCode(after, 'too-many-epochs'), [], `${fix.title}:\n${after}`);
  }
  assert.match(applyEdits(OVER, d.fixes![1]!.edits), /strategy: unimax/);
  // Without max_epochs written, the fix sets it.
  const unset = OVER.replace('  max_epochs: 10\n', '');
  const [u] = await byCode(unset, 'too-many-epochs');
  assert.equal(u!.fixes![0]!.title, 'Set budget.max_epochs to 11');
  assert.match(applyEdits(unset, u!.fixes![0]!.edits), /examples: 1010\n {2}max_epochs: 11\n/);
});

const STARVED = `mixture: m
budget: {steps: 2, batch_size: 4}
tasks:
  - name: tiny
    prefix: "tiny:"
    examples: 1
  - name: huge
    prefix: "huge:"
    examples: 100000
`;

test('starved-task: raise the budget (steps or examples) so the task is drawn once', async () => {
  const [d] = await byCode(STARVED, 'starved-task');
  assert.ok(d, 'the fixture warns');
  assert.equal(d.fixes!.length, 1);
  assert.match(d.fixes![0]!.title, /^Raise budget\.steps to [\d,]+/);
  assert.deepEqual(await byCode(applyEdits(STARVED, d.fixes![0]!.edits), 'starved-task'), []);
  const examples = STARVED.replace('{steps: 2, batch_size: 4}', '{examples: 8}');
  const [e] = await byCode(examples, 'starved-task');
  assert.match(e!.fixes![0]!.title, /^Raise budget\.examples to 100,001/);
  assert.deepEqual(await byCode(applyEdits(examples, e!.fixes![0]!.edits), 'starved-task'), []);
});
