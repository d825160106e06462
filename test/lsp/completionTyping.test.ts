// Completion while typing (issue 15): VS Code's quick suggestions pop only when the server's items match the word
// typed, so `sc` on a new task line must find `scale` (it found only `name` and `include`); `name` stays first.
// The editor settings that make it pop (configurationDefaults for [mixture-yaml]) are checked in test/unit/manifestEditor.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CompletionRequest, CompletionTriggerKind } from 'vscode-languageserver-protocol';
import { completionItems, LspClient, tempWorkspace } from './harness';

const ws = tempWorkspace();
let client: LspClient;
before(async () => {
  client = await LspClient.start({});
});
after(async () => {
  await client.stop();
  ws.cleanup();
});

async function itemsAtEnd(name: string, text: string) {
  const uri = await client.open(join(ws.dir, name), text);
  const lines = text.split('\n');
  return completionItems(await client.send(CompletionRequest.type, { textDocument: { uri }, position: { line: lines.length - 1, character: lines.at(-1)!.length } }));
}

const BASE = 'mixture: m\ntasks:\n  - name: cola\n    prefix: "cola:"\n    examples: 10\n';

test('`sc` on a new task line offers scale; name and include sort first; no multi-line snippet after `- `', async () => {
  const items = await itemsAtEnd('a.mixture.yaml', BASE + '  - sc');
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('scale'), `scale among ${labels.join(', ')}`);
  const sorted = [...items].sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1)).map((i) => i.label);
  assert.deepEqual(sorted.slice(0, 2).sort(), ['include', 'name']);
  for (const i of items.filter((x) => x.label !== 'name')) {
    const edit = i.textEdit as { newText: string } | undefined;
    assert.ok(edit && !edit.newText.includes('\n'), `${i.label}: ${edit?.newText}`);
  }
  assert.ok(!labels.includes('fields'), 'a nested map after `- ` would be indented wrongly');
});

test('`sc` inside a task entry offers scale', async () => {
  const items = await itemsAtEnd('b.mixture.yaml', BASE + '  - name: sst2\n    sc');
  assert.ok(items.some((i) => i.label === 'scale'));
});

/** Completion as VS Code asks it when the user types a space at the end of the last line. */
async function itemsAfterSpace(name: string, text: string) {
  const uri = await client.open(join(ws.dir, name), text);
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines.at(-1)!.length };
  return completionItems(await client.send(CompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: ' ' } })).map((i) => i.label);
}

test('a typed space is a trigger: after `- ` the task keys, after `strategy: ` the strategies; inside a prefix or a comment nothing', async () => {
  assert.ok(client.initializeResult.capabilities.completionProvider?.triggerCharacters?.includes(' '), 'space is a trigger character');
  const item = await itemsAfterSpace('s1.mixture.yaml', BASE + '  - ');
  assert.ok(item.includes('name') && item.includes('include'), item.join(', '));
  const strategies = await itemsAfterSpace('s2.mixture.yaml', 'mixture: m\nsampling:\n  strategy: ');
  for (const s of ['proportional', 'temperature', 'unimax']) assert.ok(strategies.includes(s), `${s} among ${strategies.join(', ')}`);
  const metric = await itemsAfterSpace('s3.mixture.yaml', BASE + '    metrics: [accuracy, ');
  assert.ok(metric.includes('f1'), `f1 among ${metric.join(', ')}`);
  assert.deepEqual(await itemsAfterSpace('s4.mixture.yaml', BASE + '  - name: sst2\n    prefix: "sst2 sentence '), [], 'a space inside a prefix');
  assert.deepEqual(await itemsAfterSpace('s5.mixture.yaml', BASE + '# a comment '), [], 'a space in a comment');
  assert.deepEqual(await itemsAfterSpace('s6.mixture.yaml', 'mixture: a name '), [], 'a space inside a value');
});

