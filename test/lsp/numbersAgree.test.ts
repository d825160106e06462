// Where numbers meet in the editor they agree: the inlay hint beside a too-many-epochs warning shows the same
// "10.1", and a "<0.01%" rate shows its value in scientific form on hover.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HoverRequest, InlayHintRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { answered, LspClient, tempWorkspace } from './harness';

const ws = tempWorkspace();
let client: LspClient;
before(async () => {
  client = await LspClient.start({});
});
after(async () => {
  assert.equal(await client.stop(), 0);
  ws.cleanup();
});

// a: rate 1/1.00002 of S = 10101 over 1000 examples = 10.0998 epochs; tiny: rate 2e-5.
const TEXT = [
  'mixture: near',
  'sampling: {strategy: manual}',
  'budget: {examples: 10101, max_epochs: 10}',
  'tasks:',
  '  - name: a',
  '    prefix: "a:"',
  '    examples: 1000',
  '    rate: 1',
  '  - name: tiny',
  '    prefix: "tiny:"',
  '    examples: 1000',
  '    rate: 0.00002',
  '',
].join('\n');

test('the hint says "10.1 ep" beside the warning "10.1 epochs"; a <0.01% rate hovers with its value', async () => {
  const path = join(ws.dir, 'near.mixture.yaml');
  writeFileSync(path, TEXT);
  const uri = await client.open(path, TEXT);
  const published = await client.diagnosticsFor(uri);
  const warning = published.diagnostics.find((d) => d.code === 'too-many-epochs');
  assert.ok(warning, JSON.stringify(published.diagnostics));
  assert.match(warning.message, /is seen 10\.1 epochs over the budget, more than max_epochs 10/);
  const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } }));
  assert.deepEqual(hints.map((h) => h.label), ['100.0% · 10.1 ep', '<0.01% · 0.0002 ep']);
  const hover = answered(await client.send(HoverRequest.type, { textDocument: { uri }, position: { line: 8, character: 11 } }));
  const md = (hover.contents as MarkupContent).value;
  assert.match(md, /Rate: \*\*<0\.01% \(2e-5\)\*\*/);
});
