// A mixture over the live-check limit (4 MB) through the real server: checked in full on open and on save, with
// an info diagnostic saying so, and between the two the edits wait for the save: never a bare refusal.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DidSaveTextDocumentNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, tempWorkspace, waitFor } from './harness';

const workspace = tempWorkspace();
after(() => workspace.cleanup());

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();

test('a 5 MB mixture: a full check on open and save, an info diagnostic that says so, edits checked on save', { timeout: 120_000 }, async () => {
  const file = join(workspace.dir, 'big.mixture.yaml');
  const head = 'mixture: big\ndescription: "' + 'x'.repeat(5 * 1024 * 1024) + '"\n';
  const text = head + 'tasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n  - name: b\n    prefix: "a:"\n    examples: 3\n';
  writeFileSync(file, text);
  const client = await LspClient.start();
  try {
    assert.ok(JSON.stringify(client.initializeResult.capabilities.textDocumentSync).includes('"save"'), 'the server asks for didSave');
    const uri = await client.open(file, text);
    const opened = await client.diagnosticsFor(uri, 1, 60_000);
    assert.deepEqual(codes(opened), ['duplicate-prefix', 'duplicate-prefix', 'large-file'], 'the full check on open');
    const info = opened.diagnostics.find((d) => d.code === 'large-file')!;
    assert.equal(info.severity, 3, 'information');
    assert.match(info.message, /checked in full when opened and saved/);

    // Fix the duplicate: the edit waits for the save, and the notice says so (no stale duplicate-prefix left).
    const at = text.lastIndexOf('"a:"') + 1;
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - text.lastIndexOf('\n', at - 1) - 1;
    const version = await client.change(uri, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: 'b' }]);
    const edited = await client.diagnosticsFor(uri, version, 60_000);
    assert.deepEqual(codes(edited), ['large-file']);
    assert.match(edited.diagnostics[0]!.message, /your edits are checked when you save/);

    const before = client.publishedCount(uri);
    await client.notify(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    const saved = await waitFor('diagnostics after the save', () => client.diagnostics.get(uri)?.slice(before).find((p) => p.version === version), 60_000);
    assert.deepEqual(codes(saved), ['large-file'], 'the saved text is checked: the duplicate is gone');
    assert.match(saved.diagnostics[0]!.message, /not after every edit/);
  } finally {
    await client.stop();
  }
});
