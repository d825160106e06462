import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext } from '../../server/src/lsp/cursorContext';

/** Splits 'ab|c' into the text without the caret and the caret's offset. */
function caret(withCaret: string): [string, number] {
  const at = withCaret.indexOf('|');
  return [withCaret.slice(0, at) + withCaret.slice(at + 1), at];
}

const doc = `mixture: m
sampling:
  strategy: temperature
tasks:
  - name: cola
    prefix: "cola:"
    metrics:
      - accuracy
  - name: sst2
    prefix: "sst2:"
results:
  single_task:
    cola: 1
`;

function at(marker: string, insert: string): ReturnType<typeof cursorContext> {
  const i = doc.indexOf(marker) + marker.length;
  const [text, offset] = caret(doc.slice(0, i) + insert + doc.slice(i));
  return cursorContext(text, offset);
}

test('a key at the top level, with the keys already written', () => {
  const c = at('sst2:"\n', 'bu|\n');
  assert.equal(c.kind, 'key');
  assert.deepEqual(c.path, []);
  assert.equal(c.prefix, 'bu');
  assert.ok(c.siblings.includes('mixture') && c.siblings.includes('results') && c.siblings.includes('tasks'));
});

test('a key inside a task item sees the task path and its siblings', () => {
  const c = at('prefix: "cola:"\n', '    exa|\n');
  assert.equal(c.kind, 'key');
  assert.deepEqual(c.path, ['tasks', '*']);
  assert.deepEqual([...c.siblings].sort(), ['metrics', 'name', 'prefix']);
  const [text] = caret(doc.slice(0, doc.indexOf('prefix: "cola:"\n') + 16) + '    exa|\n' + doc.slice(doc.indexOf('prefix: "cola:"\n') + 16));
  assert.equal(text.slice(c.replace[0], c.replace[1]), 'exa');
});

test('a new item of tasks', () => {
  const c = at('sst2:"\n', '  - na|\n');
  assert.equal(c.kind, 'item');
  assert.deepEqual(c.path, ['tasks']);
  assert.equal(c.prefix, 'na');
});

test('the value of a key in a nested map and in a task item', () => {
  assert.deepEqual(at('  strategy: ', 'te|').path, ['sampling', 'strategy']);
  const data = at('prefix: "sst2:"\n', '    data: "data/co|\n');
  assert.equal(data.kind, 'value');
  assert.deepEqual(data.path, ['tasks', '*', 'data']);
  assert.equal(data.prefix, 'data/co');
  const first = at('sst2:"\n', '  - include: sub|\n');
  assert.deepEqual(first.path, ['tasks', '*', 'include']);
});

test('an item of a block sequence under a task key, and a flow sequence', () => {
  const c = at('      - accuracy\n', '      - f|\n');
  assert.equal(c.kind, 'item');
  assert.deepEqual(c.path, ['tasks', '*', 'metrics']);
  const flow = at('prefix: "sst2:"\n', '    metrics: [accuracy, ro|]\n');
  assert.equal(flow.kind, 'value');
  assert.equal(flow.inFlow, 'seq');
  assert.equal(flow.prefix, 'ro');
  assert.deepEqual(flow.path, ['tasks', '*', 'metrics']);
});

test('task names as keys under results, block and flow', () => {
  const c = at('    cola: 1\n', '    ss|\n');
  assert.equal(c.kind, 'key');
  assert.deepEqual(c.path, ['results', 'single_task']);
  assert.deepEqual(c.siblings, ['cola']);
  const flow = at('    cola: 1\n', '  multi_task: {cola: 2, s|\n');
  assert.equal(flow.inFlow, 'map');
  assert.equal(flow.prefix, 's');
  assert.deepEqual(flow.path, ['results', 'multi_task']);
});

test('a sequence written at its key\'s column, comments and blank lines', () => {
  const [text, offset] = caret('tasks:\n- name: a\n  # note\n\n  pre|\n');
  const c = cursorContext(text, offset);
  assert.deepEqual(c.path, ['tasks', '*']);
  assert.deepEqual(c.siblings, ['name']);
});

test('never throws on odd text', () => {
  for (const t of ['', ':', '- - -', '\n\n  x: [', '{a: [b: {', '"unterminated: ', '\t- x:\n\t  y']) {
    for (let i = 0; i <= t.length; i++) cursorContext(t, i);
  }
});
