// The engine's view over the protocol (spec 1.1, `engine:`): its diagnostics at the task's line with their quick
// fixes, and the engine's numbers in hover and inlay hints beside the mixture's own. The figures are Megatron's
// own blended index (megatron/core/datasets/helpers.cpp at d98e8a64ddf34856e74b24714e3bedb2f5a39553, run outside
// this repo: weights 1015/5792/3193/1 over 200 samples give [20, 116, 64, 0]).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeActionRequest, CompletionRequest, HoverRequest, InlayHintRequest, type MarkupContent, type Position } from 'vscode-languageserver-protocol';
import { answered, codeActions, completionItems, LspClient } from './harness';

function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle) + delta;
  assert.ok(offset >= delta, `'${needle}' not in text`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

const BLEND = `mixture: blend
engine: megatron
sampling:
  strategy: manual
budget:
  examples: 200
tasks:
  - name: web
    prefix: "web:"
    examples: 100000
    rate: 1015
  - name: code
    prefix: "code:"
    examples: 100000
    rate: 5792
  - name: books
    prefix: "books:"
    examples: 100000
    rate: 3193
  - name: tiny
    prefix: "tiny:"
    examples: 100000
    rate: 1
`;

const OLMO = `mixture: olmo_mix
engine: olmo
sampling:
  strategy: manual
tasks:
  - name: dclm
    prefix: "dclm:"
    examples: 1000
    rate: 0.7
  - name: code
    prefix: "code:"
    examples: 1000
    rate: 0.4
`;

describe('the engine view over LSP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-engine-lsp-'));
  let client: LspClient;
  let blend: string;
  let olmo: string;

  before(async () => {
    writeFileSync(join(dir, 'blend.mixture.yaml'), BLEND);
    writeFileSync(join(dir, 'olmo.mixture.yaml'), OLMO);
    client = await LspClient.start();
    blend = await client.open(join(dir, 'blend.mixture.yaml'));
    olmo = await client.open(join(dir, 'olmo.mixture.yaml'));
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('Megatron never draws tiny: a warning at its name, with the fix in the message', async () => {
    const ds = (await client.diagnosticsFor(blend, 1)).diagnostics;
    const d = ds.find((x) => x.code === 'engine-source-never-drawn');
    assert.ok(d, JSON.stringify(ds));
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range.start, positionOf(BLEND, 'tiny', 0));
    assert.match(d.message, /never draws `tiny`.*raise its rate/);
  });

  test('hover and inlay hints show the engine\'s draws beside the mixture\'s rate', async () => {
    const hover = answered(await client.send(HoverRequest.type, { textDocument: { uri: blend }, position: positionOf(BLEND, 'name: code', 7) }));
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Rate: \*\*/);
    assert.match(md, /Engine `megatron`: \*\*116 drawn\*\*/);
    // Notes are plain text escaped for markdown (markdown.ts), so the underscores come escaped.
    assert.match(md, /build\\_blending\\_indices/);
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri: blend }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } }));
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(labels.some((l) => l.endsWith('megatron: 116 drawn')), labels.join('\n'));
    assert.ok(labels.some((l) => l.endsWith('megatron: 0 drawn')), labels.join('\n'));
  });

  test('OLMo-core group weights: the quick fix divides every rate by their sum', async () => {
    const ds = (await client.diagnosticsFor(olmo, 1)).diagnostics;
    const d = ds.find((x) => x.code === 'engine-group-weights-sum');
    assert.ok(d, JSON.stringify(ds));
    assert.deepEqual(d.range.start, positionOf(OLMO, '0.7'));
    const actions = codeActions(await client.send(CodeActionRequest.type, { textDocument: { uri: olmo }, range: d.range, context: { diagnostics: [d] } }));
    const fix = actions.find((a) => a.title.startsWith('Divide every rate by 1.1'));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const edits = fix.edit?.changes?.[olmo] ?? [];
    assert.deepEqual(edits.map((e) => e.newText).sort(), ['0.363636', '0.636364']);
  });

  test('completion offers the engines on `engine:`', async () => {
    const items = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: olmo }, position: positionOf(OLMO, 'engine: ', 8) }));
    const labels = items.map((i) => i.label);
    for (const e of ['megatron', 'nemo', 'olmo', 'mosaic', 'hf', 'llamafactory', 'seqio']) assert.ok(labels.includes(e), labels.join(','));
  });
});
