// The rate warnings' quick fixes over LSP (issue 15): `too-many-epochs` offers "Raise budget.max_epochs" and
// "Switch to UniMax" as code actions, each one text edit (planned in core/edit/rateFixes.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CodeActionRequest } from 'vscode-languageserver-protocol';
import { codeActions, LspClient, tempWorkspace } from './harness';

const ws = tempWorkspace();
let client: LspClient;
before(async () => {
  client = await LspClient.start({});
});
after(async () => {
  await client.stop();
  ws.cleanup();
});

const OVER = 'mixture: m\nsampling:\n  strategy: uniform\nbudget:\n  examples: 1010\n  max_epochs: 10\ntasks:\n  - name: small\n    prefix: "small:"\n    examples: 50\n  - name: big\n    prefix: "big:"\n    examples: 5000\n';

test('too-many-epochs has its quick fixes as code actions, one edit each', async () => {
  const uri = await client.open(join(ws.dir, 'over.mixture.yaml'), OVER);
  const published = await client.diagnosticsFor(uri, 1);
  const warning = published.diagnostics.find((d) => d.code === 'too-many-epochs');
  assert.ok(warning, JSON.stringify(published.diagnostics));
  const actions = codeActions(await client.send(CodeActionRequest.type, { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } }));
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Raise budget.max_epochs to 11') && titles.includes('Switch to UniMax (no task over 10 epochs)'), titles.join(' | '));
  for (const a of actions.filter((x) => /max_epochs to 11|UniMax/.test(x.title))) {
    const edits = Object.values(a.edit?.changes ?? {}).flat();
    assert.equal(edits.length, 1, a.title);
  }
});
