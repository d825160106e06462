// Editing with incremental sync: diagnostics follow every version, duplicates point at each other,
// hints keep the last valid rates (stale) while the file has errors, and views hear about rate changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InlayHintRequest, type Position, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { RatesChangedNotification, RatesRequest } from '../../contracts/lsp';
import { answered, LspClient, tempWorkspace } from './harness';

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

const everything = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code)).sort();
}

describe('editing a mixture', () => {
  const ws = tempWorkspace();
  let client: LspClient;
  let uri: string;
  /** The text as the client has it, kept in step with every change sent. */
  let text: string;

  /** Replaces [from, to) with insert, as an incremental change; returns the new version. */
  async function edit(from: number, to: number, insert: string): Promise<number> {
    const change = { range: { start: positionAt(text, from), end: positionAt(text, to) }, text: insert };
    text = text.slice(0, from) + insert + text.slice(to);
    return client.change(uri, [change]);
  }

  before(async () => {
    // The GLUE fine-tune repeats wnli 9.8 epochs: a threshold above it keeps the example free of diminishing-repeats.
    client = await LspClient.start({ settings: { diminishingRepeats: 10 } });
    text = readFileSync(join(ws.dir, 'glue.mixture.yaml'), 'utf8');
    uri = await client.open(join(ws.dir, 'glue.mixture.yaml'), text);
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics, []);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  });

  test('a duplicate task name is reported at both, each pointing at the other, and clears when fixed', async () => {
    const at = text.indexOf('name: sst2') + 6;
    const version = await edit(at, at + 4, 'cola');
    const published = await client.diagnosticsFor(uri, version);
    const dups = published.diagnostics.filter((d) => d.code === 'duplicate-task-name');
    assert.ok(dups.length >= 1, JSON.stringify(published.diagnostics));
    for (const d of dups) {
      assert.equal(d.severity, 1);
      assert.equal(d.source, 'taskmix');
      assert.ok(d.relatedInformation?.length, 'relatedInformation points at the other definition');
      const other = d.relatedInformation![0]!.location;
      assert.equal(other.uri, uri);
      assert.notDeepEqual(other.range, d.range);
    }
    const fixed = await edit(at, at + 4, 'sst2');
    assert.deepEqual((await client.diagnosticsFor(uri, fixed)).diagnostics, []);
  });

  test('typing one character at a time: every version gets its diagnostics, the last one is right', async () => {
    // Type a new task at the end, character by character, without waiting in between.
    const addition = '  - name: boolq\n    prefix: "boolq passage:"\n    examples: 9427\n';
    let version = 0;
    for (const ch of addition) version = await edit(text.length, text.length, ch);
    const last = await client.diagnosticsFor(uri, version);
    assert.deepEqual(last.diagnostics, []);
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: everything }));
    assert.equal(hints.length, 10);
    // Remove it again in one edit.
    const start = text.indexOf('  - name: boolq');
    const back = await edit(start, text.length, '');
    assert.deepEqual((await client.diagnosticsFor(uri, back)).diagnostics, []);
  });

  test('several changes in one notification apply in order, like LSP says', async () => {
    const a = text.indexOf('examples: 8551') + 10;
    const b = text.indexOf('examples: 67349') + 10;
    // Change 1 replaces 8551 -> 1; change 2 is relative to the text after change 1.
    const change1 = { range: { start: positionAt(text, a), end: positionAt(text, a + 4) }, text: '1' };
    const afterOne = text.slice(0, a) + '1' + text.slice(a + 4);
    const b2 = b - 3;
    const change2 = { range: { start: positionAt(afterOne, b2), end: positionAt(afterOne, b2 + 5) }, text: 'oops' };
    text = afterOne.slice(0, b2) + 'oops' + afterOne.slice(b2 + 5);
    const version = await client.change(uri, [change1, change2]);
    const published = await client.diagnosticsFor(uri, version);
    assert.ok(codes(published).includes('wrong-type'), codes(published).join());
    const d = published.diagnostics.find((x) => x.code === 'wrong-type')!;
    assert.deepEqual(d.range.start, positionAt(text, b2));
    // The same text opened fresh gives the same diagnostics: incremental parsing is exact.
    const twin = await client.open(join(ws.dir, 'twin.mixture.yaml'), text);
    const fresh = await client.diagnosticsFor(twin, 1);
    assert.deepEqual(fresh.diagnostics, published.diagnostics);
    await client.close(twin);
  });

  test('while the file has errors, inlay hints keep the last valid rates, marked stale', async () => {
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: everything }));
    assert.equal(hints.length, 9);
    assert.ok(hints.every((h) => String(h.label).endsWith('(stale)')), JSON.stringify(hints.map((h) => h.label)));
    assert.match(String(hints[0]!.tooltip), /last valid rates/);
    const rates = await client.send(RatesRequest.type, { uri });
    assert.equal(rates.stale, true);
    assert.ok(rates.rates);
    assert.ok(rates.errors >= 1);
  });

  test('a full-text change replaces everything; rates-changed notifications tell views', async () => {
    const original = readFileSync(join(ws.dir, 'glue.mixture.yaml'), 'utf8');
    const seen = client.notifications.length;
    text = original.replace('temperature: 2', 'temperature: 4');
    const version = await client.change(uri, [{ text }]);
    const published = await client.diagnosticsFor(uri, version);
    // Flatter sampling: the small tasks now over-fit (and repeat past the threshold), which are warnings, not errors.
    assert.deepEqual([...new Set(codes(published))].sort(), ['diminishing-repeats', 'too-many-epochs']);
    const note = await client.nextNotification(RatesChangedNotification.type, seen, 5000);
    assert.equal(note.uri, uri);
    assert.equal(note.stale, false);
    assert.equal(note.summary.tasks, 9);
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: everything }));
    assert.ok(hints.every((h) => !String(h.label).includes('stale')));
  });

  test('closing a document clears its diagnostics', async () => {
    const other = await client.open(join(ws.dir, 'bad.mixture.yaml'), 'mixture: x\ntasks: []\n');
    const published = await client.diagnosticsFor(other, 1);
    assert.deepEqual(codes(published), ['empty-tasks']);
    const count = client.publishedCount(other);
    await client.close(other);
    const cleared = await client.nextDiagnostics(other, count);
    assert.deepEqual(cleared.diagnostics, []);
  });
});
