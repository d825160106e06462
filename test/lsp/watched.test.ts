// Re-validation when a file a mixture depends on changes: data files and included mixtures, on disk
// (workspace/didChangeWatchedFiles) and in the editor (an open included mixture being edited).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { fileUri, LspClient } from './harness';

const records = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ input: `sentence ${i}`, target: String(i % 2) })).join('\n') + '\n';

const parentText = `mixture: parent
tasks:
  - name: own
    prefix: "own:"
    data: own.jsonl
    examples: 3
  - include: child.mixture.yaml
`;
const childText = `mixture: child
tasks:
  - name: sub
    prefix: "sub:"
    examples: 10
`;

describe('watched files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-watch-'));
  let client: LspClient;
  let parent: string;

  before(async () => {
    writeFileSync(join(dir, 'own.jsonl'), records(3));
    writeFileSync(join(dir, 'parent.mixture.yaml'), parentText);
    writeFileSync(join(dir, 'child.mixture.yaml'), childText);
    client = await LspClient.start();
    parent = await client.open(join(dir, 'parent.mixture.yaml'));
    assert.deepEqual((await client.diagnosticsFor(parent, 1)).diagnostics, []);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the server registers watchers for data files and mixtures', () => {
    const watchers = JSON.stringify(client.registrations);
    assert.match(watchers, /workspace\/didChangeWatchedFiles/);
    assert.match(watchers, /jsonl/);
    assert.match(watchers, /mixture/);
  });

  test('a data file that grows on disk makes the declared count disagree', async () => {
    const count = client.publishedCount(parent);
    writeFileSync(join(dir, 'own.jsonl'), records(5));
    await client.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, 'own.jsonl')), type: FileChangeType.Changed }] });
    const published = await client.nextDiagnostics(parent, count);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['examples-mismatch']);
    assert.match(published.diagnostics[0]!.message, /5/);
  });

  test('a deleted data file is a warning where the rates do not need its size (the task declares `examples`)', async () => {
    const count = client.publishedCount(parent);
    unlinkSync(join(dir, 'own.jsonl'));
    await client.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, 'own.jsonl')), type: FileChangeType.Deleted }] });
    const published = await client.nextDiagnostics(parent, count);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['data-file-not-here', 2]], JSON.stringify(published.diagnostics));
    writeFileSync(join(dir, 'own.jsonl'), records(3));
    const again = client.publishedCount(parent);
    await client.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, 'own.jsonl')), type: FileChangeType.Created }] });
    assert.deepEqual((await client.nextDiagnostics(parent, again)).diagnostics, []);
  });

  test('an included mixture changed on disk re-validates the mixture that includes it', async () => {
    const count = client.publishedCount(parent);
    writeFileSync(join(dir, 'child.mixture.yaml'), childText.replace('examples: 10', 'examples: -1'));
    await client.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, 'child.mixture.yaml')), type: FileChangeType.Changed }] });
    const published = await client.nextDiagnostics(parent, count);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['include-has-errors']);
    writeFileSync(join(dir, 'child.mixture.yaml'), childText);
    const again = client.publishedCount(parent);
    await client.notify(DidChangeWatchedFilesNotification.type, { changes: [{ uri: fileUri(join(dir, 'child.mixture.yaml')), type: FileChangeType.Changed }] });
    assert.deepEqual((await client.nextDiagnostics(parent, again)).diagnostics, []);
  });

  test('editing an open included mixture re-validates the open mixture that includes it', async () => {
    const child = await client.open(join(dir, 'child.mixture.yaml'));
    await client.diagnosticsFor(child, 1);
    const count = client.publishedCount(parent);
    // The child now defines `own` with another prefix: a conflict the parent must report.
    const version = await client.change(child, [{ range: { start: { line: 2, character: 10 }, end: { line: 3, character: 15 } }, text: 'own\n    prefix: "other:"' }]);
    await client.diagnosticsFor(child, version);
    const published = await client.nextDiagnostics(parent, count);
    assert.ok(published.diagnostics.some((d) => d.code === 'task-definition-conflict'), JSON.stringify(published.diagnostics.map((d) => d.code)));
    // Closing the child without saving: the parent reads the disk copy again.
    const before = client.publishedCount(parent);
    await client.close(child);
    assert.deepEqual((await client.nextDiagnostics(parent, before)).diagnostics, []);
  });
});
