// Settings are pulled per document from the client and re-read when it says they changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DidChangeConfigurationNotification, InlayHintRequest } from 'vscode-languageserver-protocol';
import { CheckAllRequest } from '../../contracts/lsp';
import { answered, fileUri, LspClient, tempWorkspace } from './harness';

const everything = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

test('thresholds and inlay hints follow the settings, and a configuration change re-publishes', async () => {
  const ws = tempWorkspace();
  // A starved threshold no task can reach makes every task starved: the warning follows the setting.
  // diminishingRepeats above the GLUE fine-tune's 9.8 epochs of wnli, so that only the starved warnings follow the setting.
  const client = await LspClient.start({ settings: { starvedThreshold: 1e9, inlayHints: { enabled: false }, diminishingRepeats: 10 } });
  try {
    const uri = await client.open(join(ws.dir, 'glue.mixture.yaml'));
    const first = await client.diagnosticsFor(uri, 1);
    assert.ok(first.diagnostics.length > 0 && first.diagnostics.every((d) => d.code === 'starved-task'), JSON.stringify(first.diagnostics.map((d) => d.code)));
    assert.deepEqual(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: everything }), []);

    client.settings = { diminishingRepeats: 10 };
    const count = client.publishedCount(uri);
    await client.notify(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual((await client.nextDiagnostics(uri, count)).diagnostics, []);
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: everything }));
    assert.equal(hints.length, 9);
  } finally {
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  }
});

test('check all: every file is analyzed and its problems published, open or not', async () => {
  const ws = tempWorkspace();
  const client = await LspClient.start();
  try {
    const bad = join(ws.dir, 'bad.mixture.yaml');
    writeFileSync(bad, 'mixture: bad\ntasks:\n  - name: a\n    prefix: "p:"\n    examples: 1\n  - name: b\n    prefix: "p:"\n    examples: 2\n');
    const result = await client.send(CheckAllRequest.type, {
      files: [join(ws.dir, 'glue.mixture.yaml'), bad, join(ws.dir, 'nested.mixture.yaml')],
    });
    assert.deepEqual(result.files.map((f) => f.errors), [0, 2, 0]);
    const published = await client.diagnosticsFor(fileUri(bad), undefined);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['duplicate-prefix', 'duplicate-prefix']);
    assert.equal(published.diagnostics[0]!.range.start.line, 3);
  } finally {
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  }
});
