// Every editor feature of the server, on the example files, through the bundled server over stdio.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SelectionRangeRequest,
  type Position,
  type SelectionRange,
} from 'vscode-languageserver-protocol';
import {
  BalanceRequest,
  CompareRequest,
  ExamplesRequest,
  ExportFormatsRequest,
  ExportRequest,
  RatesRequest,
  SampleRequest,
  TasksRequest,
  TrainingDynamicsRequest,
  WhatIfRatesRequest,
} from '../../contracts/lsp';
import { decodeFloat64, unpackWhatIf } from '../../contracts/whatIf';
import { answered, codeActions, completionItems, documentSymbols, locations, LspClient, tempWorkspace } from './harness';

/** The position of the n-th occurrence (0-based) of `needle` in text, plus `delta` characters. */
function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`'${needle}' #${nth} not in text`);
  }
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function applyEdits(text: string, edits: { range: { start: Position; end: Position }; newText: string }[]): string {
  const offsetOf = (p: Position) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  return out;
}

const everything = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

describe('language features on the examples', () => {
  const ws = tempWorkspace();
  let client: LspClient;
  let glue: string;
  let glueText: string;
  let small: string;
  let smallText: string;
  let nested: string;
  let nestedText: string;

  before(async () => {
    // diminishingRepeats above the GLUE fine-tune's 9.8 epochs of wnli: the examples publish no diagnostics.
    client = await LspClient.start({ settings: { diminishingRepeats: 10 }, initializationOptions: { commands: ['taskmix.showBalancePreview', 'taskmix.tryInPlayground'] } });
    glueText = readFileSync(join(ws.dir, 'glue.mixture.yaml'), 'utf8');
    glue = await client.open(join(ws.dir, 'glue.mixture.yaml'));
    smallText = readFileSync(join(ws.dir, 'small-with-data.mixture.yaml'), 'utf8');
    small = await client.open(join(ws.dir, 'small-with-data.mixture.yaml'));
    nestedText = readFileSync(join(ws.dir, 'nested.mixture.yaml'), 'utf8');
    nested = await client.open(join(ws.dir, 'nested.mixture.yaml'));
    await client.diagnosticsFor(nested, 1);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  });

  test('hover on a task shows examples, the formula with the numbers, rate and epochs', async () => {
    const hover = answered(await client.send(HoverRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, 'name: cola', 7) }));
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*cola\*\*/);
    assert.match(value, /8,551 declared/);
    assert.match(value, /min\(8551 x 1, 2097152\)\^\(1\/2\) = 92\.47/);
    assert.match(value, /Rate: \*\*4\.37%\*\*/);
    assert.match(value, /epochs \*\*2\.7\*\*/);
  });

  test('hover on a task with data shows the counted examples and a formatted example', async () => {
    const hover = answered(await client.send(HoverRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'name: sst2', 7) }));
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /12 counted in `data\/sst2\.train\.jsonl`/);
    assert.match(value, /input: {2}sst2 sentence: /);
    assert.match(value, /target: \S/);
  });

  test('hover on a key shows its documentation, on a strategy what it does', async () => {
    const onKey = answered(await client.send(HoverRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, 'cap:', 1) }));
    assert.match((onKey.contents as { value: string }).value, /\*\*cap\*\*[\s\S]*examples-proportional limit/);
    const onStrategy = answered(await client.send(HoverRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, 'strategy: temperature', 12) }));
    assert.match((onStrategy.contents as { value: string }).value, /\*\*temperature\*\*[\s\S]*T = 1 is proportional/);
    const onMetric = answered(await client.send(HoverRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, 'matthews_corr', 2) }));
    assert.match((onMetric.contents as { value: string }).value, /Matthews/);
    const onNothing = await client.send(HoverRequest.type, { textDocument: { uri: glue }, position: { line: 0, character: 3 } });
    assert.equal(onNothing, null);
  });

  test('inlay hints after each task name: rate and epochs; includes show their share', async () => {
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri: glue }, range: everything }));
    assert.equal(hints.length, 9);
    assert.deepEqual(hints[0]!.position, positionOf(glueText, 'name: cola', 10));
    assert.equal(hints[0]!.label, '4.37% · 2.7 ep');
    const nestedHints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri: nested }, range: everything }));
    assert.deepEqual(
      nestedHints.map((h) => h.label),
      ['25.8%', '47.2% · 9 tasks', '27.0% · 3 tasks'],
    );
    // Only the hints inside the asked range.
    const firstLines = answered(await client.send(InlayHintRequest.type, { textDocument: { uri: glue }, range: { start: { line: 0, character: 0 }, end: positionOf(glueText, 'name: sst2') } }));
    assert.equal(firstLines.length, 1);
  });

  test('code lens: the summary on tasks: runs the preview, each task offers the playground', async () => {
    const lenses = answered(await client.send(CodeLensRequest.type, { textDocument: { uri: glue } }));
    const summary = lenses[0]!;
    assert.deepEqual(summary.range.start, positionOf(glueText, 'tasks:'));
    assert.match(summary.command!.title, /^9 tasks · H 0\.\d\d · \d\.\d effective · Preview balance$/);
    assert.equal(summary.command!.command, 'taskmix.showBalancePreview');
    assert.deepEqual(summary.command!.arguments, [glue]);
    // The per-task lenses come as ranges and are resolved when shown.
    const unresolved = lenses.slice(1);
    assert.equal(unresolved.length, 9);
    assert.ok(unresolved.every((l) => !l.command));
    const play = await client.send(CodeLensResolveRequest.type, unresolved[0]!);
    assert.equal(play.command!.command, 'taskmix.tryInPlayground');
    assert.equal(play.command!.title, 'Try in playground');
    assert.deepEqual(play.command!.arguments, [glue, 'cola']);
    assert.deepEqual(play.range.start, positionOf(glueText, '- name: cola'));
    // A client without the playground gets no per-task lens at all.
    const bare = await LspClient.start();
    try {
      const only = answered(await bare.send(CodeLensRequest.type, { textDocument: { uri: await bare.open(join(ws.dir, 'glue.mixture.yaml')) } }));
      assert.equal(only.length, 1);
      assert.equal(only[0]!.command!.command, '', 'without the preview command the summary is a plain label');
      assert.match(only[0]!.command!.title, /^9 tasks · H 0\.\d\d · \d\.\d effective$/);
    } finally {
      await bare.stop();
    }
  });

  test('completion: keys valid at the cursor with docs, without those already written', async () => {
    const version = await client.change(glue, [{ range: { start: positionOf(glueText, '  - name: sst2'), end: positionOf(glueText, '  - name: sst2') }, text: '    sc\n' }]);
    await client.diagnosticsFor(glue, version);
    const items = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, '  - name: sst2', 6) }));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('scale') && labels.includes('data') && labels.includes('rate'), labels.join());
    assert.ok(!labels.includes('name') && !labels.includes('prefix') && !labels.includes('metrics'), 'keys already written are not offered');
    assert.ok(!labels.includes('weight'), 'foreign keys are not suggested');
    const scale = items.find((i) => i.label === 'scale')!;
    assert.match((scale.documentation as { value: string }).value, /seqio's scale/);
    // Undo the edit.
    const back = await client.change(glue, [{ range: { start: positionOf(glueText, '  - name: sst2'), end: { line: positionOf(glueText, '  - name: sst2').line + 1, character: 0 } }, text: '' }]);
    const published = await client.diagnosticsFor(glue, back);
    assert.deepEqual(published.diagnostics, []);
  });

  test('completion: strategy values, metric names, task names in results, data paths', async () => {
    const strategies = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, 'strategy: temperature', 10) }));
    assert.deepEqual(strategies.map((i) => i.label).sort(), ['equal', 'manual', 'proportional', 'sqrt', 'temperature', 'uniform', 'unimax']);
    const metrics = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: glue }, position: positionOf(glueText, 'metrics: [matthews_corr]', 10) }));
    assert.ok(metrics.some((i) => i.label === 'rougeL') && metrics.some((i) => i.label === 'bleu'));
    const inResults = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'single_task: {sst2', 14) }));
    assert.deepEqual(inResults.map((i) => i.label).sort(), ['mrpc', 'qnli', 'sst2']);
    const paths = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'data: data/', 11) }));
    const names = paths.map((i) => i.label);
    assert.ok(names.includes('sst2.train.jsonl') && names.includes('qnli.train.parquet') && names.includes('mrpc.train.csv'), names.join());
    const includes = completionItems(await client.send(CompletionRequest.type, { textDocument: { uri: nested }, position: positionOf(nestedText, 'include: glue', 9) }));
    const mixtures = includes.map((i) => i.label);
    assert.ok(mixtures.includes('translation.mixture.yaml') && mixtures.includes('data/'), mixtures.join());
    assert.ok(!mixtures.some((m) => m.endsWith('.jsonl')));
  });

  test('document symbols, folding ranges and selection ranges', async () => {
    const symbols = documentSymbols(await client.send(DocumentSymbolRequest.type, { textDocument: { uri: glue } }));
    assert.deepEqual(symbols.map((s) => s.name), ['mixture', 'description', 'sampling', 'budget', 'tasks']);
    const tasks = symbols.find((s) => s.name === 'tasks')!;
    assert.equal(tasks.children!.length, 9);
    assert.equal(tasks.children![0]!.name, 'cola');
    assert.equal(tasks.children![0]!.detail, 'cola sentence:');
    assert.deepEqual(symbols.find((s) => s.name === 'sampling')!.children!.map((c) => c.name), ['strategy', 'temperature', 'cap']);

    const folds = answered(await client.send(FoldingRangeRequest.type, { textDocument: { uri: glue } }));
    const colaLine = positionOf(glueText, '  - name: cola').line;
    assert.ok(folds.some((f) => f.startLine === colaLine && f.endLine === colaLine + 4), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.kind === 'comment' && f.startLine === 0 && f.endLine === 1));

    const [sel] = answered(await client.send(SelectionRangeRequest.type, { textDocument: { uri: glue }, positions: [positionOf(glueText, '8551', 1)] }));
    const chain: SelectionRange[] = [];
    for (let s: SelectionRange | undefined = sel; s; s = s.parent) chain.push(s);
    assert.ok(chain.length >= 4, JSON.stringify(chain.map((c) => c.range)));
    assert.deepEqual(chain[0]!.range, { start: positionOf(glueText, '8551'), end: positionOf(glueText, '8551', 4) });
  });

  test('definition: include path to the file, results name to the task', async () => {
    const inc = locations(await client.send(DefinitionRequest.type, { textDocument: { uri: nested }, position: positionOf(nestedText, 'glue.mixture.yaml', 2) }));
    assert.equal(inc.length, 1);
    assert.ok(inc[0]!.uri.endsWith('/glue.mixture.yaml'));
    const toTask = await client.send(DefinitionRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'qnli: 90.5', 1) });
    assert.deepEqual(toTask, [{ uri: small, range: { start: positionOf(smallText, 'name: qnli', 6), end: positionOf(smallText, 'name: qnli', 10) } }]);
    const dataFile = locations(await client.send(DefinitionRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'data/sst2.train', 3) }));
    assert.ok(dataFile[0]!.uri.endsWith('/data/sst2.train.jsonl'));
  });

  test('references and rename of a task update results too', async () => {
    const refs = answered(await client.send(ReferencesRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'name: mrpc', 7), context: { includeDeclaration: true } }));
    // name, single_task, multi_task, pairwise target, two pairwise sources
    assert.equal(refs.length, 6);
    const noDecl = answered(await client.send(ReferencesRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'name: mrpc', 7), context: { includeDeclaration: false } }));
    assert.equal(noDecl.length, 5);

    const range = answered(await client.send(PrepareRenameRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'mrpc: 86.1', 1) }));
    assert.ok('start' in range, 'a plain range');
    assert.deepEqual(range.start, positionOf(smallText, 'mrpc: 86.1'));
    const edit = answered(await client.send(RenameRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'name: mrpc', 7), newName: 'paraphrase' }));
    const renamed = applyEdits(smallText, edit.changes![small]!);
    assert.equal(renamed.split('mrpc:').length, 1, 'no results key keeps the old name');
    assert.equal(renamed.split('paraphrase').length - 1, 6);
    assert.match(renamed, /prefix: "mrpc sentence1:"/, 'the prefix is not a name');
    await assert.rejects(client.send(RenameRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'name: mrpc', 7), newName: 'sst2' }), /already exists/);
    await assert.rejects(client.send(RenameRequest.type, { textDocument: { uri: small }, position: positionOf(smallText, 'name: mrpc', 7), newName: 'a b' }), /not a task name/);
  });

  test('custom requests: rates, compare, tasks, sample, examples, export', async () => {
    const rates = await client.send(RatesRequest.type, { uri: glue });
    assert.equal(rates.stale, false);
    assert.equal(rates.rates!.tasks.length, 9);
    assert.ok(Math.abs(rates.rates!.tasks.reduce((s, t) => s + t.rate, 0) - 1) < 1e-9);
    const uniform = await client.send(RatesRequest.type, { uri: glue, overrides: { strategy: 'uniform' } });
    for (const t of uniform.rates!.tasks) assert.ok(Math.abs(t.rate - 1 / 9) < 1e-12);
    await assert.rejects(client.send(RatesRequest.type, { uri: glue, overrides: { temperature: -1 } }), /temperature must be/);

    const compare = await client.send(CompareRequest.type, { uri: glue });
    assert.ok(compare.comparison!.columns.some((c) => c.id === 'uniform'));
    assert.ok(compare.comparison!.columns.some((c) => c.isFileStrategy));

    const tasks = await client.send(TasksRequest.type, { uri: small });
    assert.deepEqual(tasks.tasks.map((t) => t.name), ['sst2', 'mrpc', 'qnli']);
    assert.ok(tasks.tasks[0]!.data!.endsWith('/data/sst2.train.jsonl'));
    assert.equal(tasks.tasks[0]!.fields.input, 'sentence');

    const sample = await client.send(SampleRequest.type, { uri: glue, steps: 100, seed: 3 });
    const total = sample.simulation!.tasks.reduce((s, t) => s + t.counts[t.counts.length - 1]!, 0);
    assert.equal(total, 100 * 128);

    const ex = await client.send(ExamplesRequest.type, { uri: small, task: 'mrpc', count: 2 });
    assert.equal(ex.examples.length, 2);
    assert.match(ex.examples[0]!.input!, /^mrpc sentence1: /);
    const evalEx = await client.send(ExamplesRequest.type, { uri: small, task: 'sst2', split: 'eval', count: 1 });
    assert.equal(evalEx.examples.length, 1);

    const formats = await client.send0(ExportFormatsRequest.type);
    assert.deepEqual(formats.map((f) => f.id), ['seqio', 'huggingface', 'megatron', 'json', 'megatron-json', 'nemo', 'olmo', 'mosaic', 'llamafactory']);
    const exported = await client.send(ExportRequest.type, { uri: glue, format: 'seqio' });
    assert.match(exported.text, /glue_t5/);
    assert.equal(exported.suggestedName, 'glue_t5.py');
    await assert.rejects(client.send(ExportRequest.type, { uri: glue, format: 'docx' }), /Unknown export format/);
  });

  test('balance preview requests: comparison, sampling, transfer, what-if, training dynamics', async () => {
    const balance = await client.send(BalanceRequest.type, { uri: small });
    assert.equal(balance.stale, false);
    assert.ok(balance.comparison!.columns.length >= 3);
    assert.deepEqual(balance.sampling, { strategy: 'sqrt', temperature: null, cap: null, maxEpochs: 10 });
    assert.deepEqual(balance.transfer!.targets, ['sst2', 'mrpc', 'qnli']);
    // transfer(sst2, mrpc) = (92.5 - 92.7) / 92.7
    const sst2Row = balance.transfer!.matrix[0]!;
    assert.ok(sst2Row.some((v) => v !== null && Math.abs(v - (92.5 - 92.7) / 92.7) < 1e-12), JSON.stringify(sst2Row));
    const glueBalance = await client.send(BalanceRequest.type, { uri: glue });
    assert.equal(glueBalance.transfer, null);

    const flat = answered(await client.send(WhatIfRatesRequest.type, { uri: glue, overrides: { strategy: 'temperature', temperature: 1000, cap: 0 } }));
    const rates = [...decodeFloat64(flat.rate)!];
    assert.ok(Math.max(...rates) / Math.min(...rates) < 1.02, 'a very high temperature is nearly uniform');
    // Packed by the server for the view (contracts/whatIf.ts): the task list goes along until the asker holds it;
    // unpacked, the answer is the rates `taskmix/rates` gives under the same what-if.
    assert.equal(flat.tasks?.length, 9);
    const overrides = { strategy: 'temperature', temperature: 3.5, cap: 0 } as const;
    const again = answered(await client.send(WhatIfRatesRequest.type, { uri: glue, overrides, tasksKey: flat.tasksKey }));
    assert.equal(again.tasks, undefined, 'the same tasks are not sent again');
    assert.equal(again.tasksKey, flat.tasksKey);
    const unpacked = unpackWhatIf(again, { key: flat.tasksKey, tasks: flat.tasks! });
    const full = (await client.send(RatesRequest.type, { uri: glue, overrides })).rates!;
    // The answer carries of each task what the Temperature tab shows.
    const shown = full.tasks.map(({ name, via, prefix, examples, raw, rate, epochs }) => ({ name, via, prefix, examples, raw, rate, epochs }));
    assert.deepEqual(unpacked?.result, { ...full, tasks: shown });
    assert.ok(answered(await client.send(WhatIfRatesRequest.type, { uri: glue, overrides, tasksKey: 'another list' })).tasks, 'another key: the list');

    const dynamics = answered(await client.send(TrainingDynamicsRequest.type, { uri: glue, seed: 1, points: 8 }));
    assert.equal(dynamics.steps, 4096);
    assert.equal(dynamics.batch_size, 128);
    assert.equal(dynamics.checkpoints[dynamics.checkpoints.length - 1], 4096);
    const drawn = dynamics.tasks.reduce((s, t) => s + t.counts[t.counts.length - 1]!, 0);
    assert.equal(drawn, 4096 * 128);
  });

  test('requests on a closed file read it from disk', async () => {
    const rates = await client.send(RatesRequest.type, { uri: glue.replace('glue.mixture.yaml', 'translation.mixture.yaml') });
    assert.equal(rates.version, null);
    assert.equal(rates.rates!.tasks.length, 3);
  });

  test('code actions: the quick fixes of the core and "Set examples to the counted N"', async () => {
    // Declare a wrong count for sst2: the core warns and offers the counted number.
    const at = positionOf(smallText, '    data: data/sst2.train.jsonl');
    const version = await client.change(small, [{ range: { start: at, end: at }, text: '    examples: 5\n' }]);
    const published = await client.diagnosticsFor(small, version);
    const mismatch = published.diagnostics.find((d) => d.code === 'examples-mismatch');
    assert.ok(mismatch, JSON.stringify(published.diagnostics));
    const actions = codeActions(await client.send(CodeActionRequest.type, { textDocument: { uri: small }, range: mismatch.range, context: { diagnostics: [mismatch] } }));
    const fix = actions.find((a) => a.title === 'Set examples to the counted 12');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(actions.filter((a) => a.title === fix.title).length, 1, 'offered once');
    const edited = applyEdits(smallText.slice(0, 0) + applyEdits(smallText, [{ range: { start: at, end: at }, newText: '    examples: 5\n' }]), fix.edit!.changes![small]!);
    assert.match(edited, /examples: 12\n/);
    const undo = await client.change(small, [{ range: { start: at, end: { line: at.line + 1, character: 0 } }, text: '' }]);
    await client.diagnosticsFor(small, undo);

    // Without `examples`, pinning the count is a rewrite.
    const pin = codeActions(await client.send(CodeActionRequest.type, { textDocument: { uri: small }, range: { start: positionOf(smallText, 'name: qnli', 7), end: positionOf(smallText, 'name: qnli', 7) }, context: { diagnostics: [] } }));
    const rewrite = pin.find((a) => a.title.startsWith('Set examples to the counted'));
    assert.ok(rewrite);
    const pinned = applyEdits(smallText, rewrite.edit!.changes![small]!);
    assert.match(pinned, /- name: qnli\n {4}examples: \d+\n {4}prefix/);
  });
});
