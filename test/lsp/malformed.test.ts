// Bad input of every kind: the server answers every request (a result or an LSP error) and stays up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  SelectionRangeRequest,
  type Position,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { CompareRequest, ExamplesRequest, ExportRequest, RatesRequest, SampleRequest, TasksRequest } from '../../contracts/lsp';
import { LspClient, repoRoot, tempWorkspace } from './harness';

const malformed: Record<string, string> = {
  empty: '',
  colon: ':',
  tabs: '\t\tmixture: x\n\ttasks:\n',
  unclosedFlow: 'mixture: [\ntasks: {a: [1, 2\n',
  topSequence: '- a\n- b\n',
  scalar: 'just text',
  deepNesting: `mixture: ${'['.repeat(2000)}`,
  nulBytes: 'mixture: a\u0000b\ntasks:\n  - name: \u0000\n',
  binaryish: Array.from({ length: 512 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join(''),
  crlf: 'mixture: crlf\r\ntasks:\r\n  - name: a\r\n    prefix: "a:"\r\n    examples: 1\r\n',
  emoji: 'mixture: x\ntasks:\n  - name: 😀\n    prefix: "😀:"\n    examples: 3\n  - name: 🎉\n    prefix: "😀:"\n    examples: 3\n',
  longLine: `mixture: ${'x'.repeat(200_000)}\n`,
  wrongTypes: 'mixture: 3\nsampling: 4\nbudget: [1]\ntasks: {a: 1}\nresults: yes\n',
  tasksGarbage: 'mixture: x\ntasks:\n  - 3\n  - [a, b]\n  - {include: }\n  - name:\n  - include: nowhere.mixture.yaml\n  - include: /\n',
  selfInclude: 'mixture: loop\ntasks:\n  - include: selfInclude.mixture.yaml\n',
  anchors: 'base: &b {name: a, prefix: "a:", examples: 1}\nmixture: x\ntasks:\n  - *b\n  - <<: *b\n    name: c\n',
  duplicateKeys: 'mixture: a\nmixture: b\ntasks:\n  - name: a\n    name: b\n    prefix: "p:"\n    examples: 1\n',
  hugeNumbers: 'mixture: x\nsampling: {strategy: temperature, temperature: 1e-320, cap: 1e400}\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1e308\n  - name: b\n    prefix: "b:"\n    examples: 0\n',
  results: 'mixture: x\ntasks:\n  - {name: a, prefix: "a:", examples: 1}\nresults:\n  single_task: [1]\n  pairwise: {a: 3, b: {c: x}}\n',
};

const positions: Position[] = [
  { line: 0, character: 0 },
  { line: 0, character: 3 },
  { line: 1, character: 5 },
  { line: 2, character: 100 },
  { line: 5000, character: 0 },
];

describe('malformed input', () => {
  const ws = tempWorkspace();
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ initializationOptions: { commands: ['taskmix.showBalancePreview', 'taskmix.tryInPlayground'] } });
  });

  after(async () => {
    assert.equal(client.process.exitCode, null, 'the server is still running');
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  });

  for (const [name, text] of Object.entries(malformed)) {
    test(`${name}: diagnostics are published and every feature answers`, async () => {
      const uri = await client.open(join(ws.dir, `${name}.mixture.yaml`), text);
      const published: PublishDiagnosticsParams = await client.diagnosticsFor(uri, 1, 20_000);
      for (const d of published.diagnostics) {
        assert.equal(typeof d.code, 'string');
        assert.ok(d.message.length > 0);
        assert.ok(d.range.start.line >= 0 && d.range.start.character >= 0);
      }
      const doc = { textDocument: { uri } };
      // [method, send]: each request typed by its own type, run one after another.
      const requests: [string, () => Promise<unknown>][] = [
        [DocumentSymbolRequest.method, () => client.send(DocumentSymbolRequest.type, doc)],
        [FoldingRangeRequest.method, () => client.send(FoldingRangeRequest.type, doc)],
        [CodeLensRequest.method, () => client.send(CodeLensRequest.type, doc)],
        [InlayHintRequest.method, () => client.send(InlayHintRequest.type, { ...doc, range: { start: positions[0]!, end: positions[4]! } })],
        [SelectionRangeRequest.method, () => client.send(SelectionRangeRequest.type, { ...doc, positions })],
        [RatesRequest.method, () => client.send(RatesRequest.type, { uri })],
        [TasksRequest.method, () => client.send(TasksRequest.type, { uri })],
        [CompareRequest.method, () => client.send(CompareRequest.type, { uri })],
      ];
      for (const position of positions) {
        requests.push([HoverRequest.method, () => client.send(HoverRequest.type, { ...doc, position })]);
        requests.push([CompletionRequest.method, () => client.send(CompletionRequest.type, { ...doc, position })]);
        requests.push([DefinitionRequest.method, () => client.send(DefinitionRequest.type, { ...doc, position })]);
        requests.push([ReferencesRequest.method, () => client.send(ReferencesRequest.type, { ...doc, position, context: { includeDeclaration: true } })]);
        requests.push([PrepareRenameRequest.method, () => client.send(PrepareRenameRequest.type, { ...doc, position })]);
        requests.push([CodeActionRequest.method, () => client.send(CodeActionRequest.type, { ...doc, range: { start: position, end: position }, context: { diagnostics: [] } })]);
      }
      for (const [method, send] of requests) {
        // An answer or an LSP error, never silence: both mean the server handled it.
        await send().catch((e: { code?: number }) => assert.equal(typeof e.code, 'number', `${method}: ${String(e)}`));
      }
      await client.close(uri);
    });
  }

  test('requests about documents that are not open, and bad parameters, get answers', async () => {
    const missing = 'file:///nowhere/at/all.mixture.yaml';
    assert.equal(await client.send(HoverRequest.type, { textDocument: { uri: missing }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.send(DocumentSymbolRequest.type, { textDocument: { uri: missing } }), []);
    const rates = await client.send(RatesRequest.type, { uri: missing });
    assert.equal(rates.rates, null);
    assert.ok(rates.errors >= 1);
    await assert.rejects(client.requestUnchecked(RatesRequest.type, { uri: missing, overrides: { strategy: 'magic' } }), /unknown strategy/); // unchecked: 'magic' is no RateStrategy
    await assert.rejects(client.send(ExamplesRequest.type, { uri: missing, task: 'nope' }), /no task/);
    await assert.rejects(client.send(ExportRequest.type, { uri: missing, format: 'seqio' }), /error/);
    const sample = await client.send(SampleRequest.type, { uri: missing, steps: 10 });
    assert.equal(sample.simulation, null);
    assert.ok(sample.error);
    // A method nobody knows is a MethodNotFound error, not a crash.
    await assert.rejects(client.requestUnchecked('taskmix/doesNotExist', {}), (e: { code: number }) => e.code === -32601); // unchecked: a method no contract declares
  });

  test('changes to a document that is not open, or with ranges outside the text, are survived', async () => {
    await client.notify(DidChangeTextDocumentNotification.type, { textDocument: { uri: 'file:///never/opened.mixture.yaml', version: 2 }, contentChanges: [{ text: 'x' }] });
    const uri = await client.open(join(ws.dir, 'ranges.mixture.yaml'), 'mixture: r\ntasks:\n  - {name: a, prefix: "a:", examples: 1}\n');
    await client.diagnosticsFor(uri, 1);
    const version = await client.change(uri, [{ range: { start: { line: 90, character: 4 }, end: { line: 99, character: 0 } }, text: '\n# appended past the end' }]);
    const published = await client.diagnosticsFor(uri, version);
    assert.ok(Array.isArray(published.diagnostics));
    await client.close(uri);
  });

  test('random edits, sent incrementally, end with the same diagnostics as a fresh open of the result', async () => {
    let text = readFileSync(join(repoRoot, 'examples', 'glue.mixture.yaml'), 'utf8');
    const uri = await client.open(join(ws.dir, 'fuzz.mixture.yaml'), text);
    // A fixed seed keeps the test repeatable; the pieces are what YAML is made of.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pieces = ['', ' ', '\n', '  - ', ':', '"', 'name: x', '#', '[', ']', '{', '}', '- name: t\n    prefix: "t:"\n    examples: 5\n', '\t', '9'];
    const positionAt = (offset: number): Position => {
      const before = text.slice(0, offset);
      return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
    };
    let version = 1;
    for (let i = 0; i < 300; i++) {
      const from = Math.floor(random() * (text.length + 1));
      const to = Math.min(text.length, from + Math.floor(random() * 6));
      const insert = pieces[Math.floor(random() * pieces.length)]!;
      const change = { range: { start: positionAt(from), end: positionAt(to) }, text: insert };
      text = text.slice(0, from) + insert + text.slice(to);
      version = await client.change(uri, [change]);
    }
    const incremental = await client.diagnosticsFor(uri, version, 20_000);
    const fresh = await client.open(join(ws.dir, 'fuzz-fresh.mixture.yaml'), text);
    const expected = await client.diagnosticsFor(fresh, 1, 20_000);
    const strip = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => ({ ...d, relatedInformation: d.relatedInformation?.map((r) => r.message) }));
    assert.deepEqual(strip(incremental), strip(expected));
  });
});
