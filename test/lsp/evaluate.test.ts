// "Evaluate task" through the bundled server: the lens on each task with an eval split (only for a client that
// registers the command), `taskmix/evaluate` equal to `taskmix eval` on the same predictions, and
// `taskmix/resultsEdit` edits that, applied, put the score where the transfer analysis reads it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeLensRequest, CodeLensResolveRequest, type Position } from 'vscode-languageserver-protocol';
import { runEvalCommand } from '../../server/src/cli/evalCommand';
import { BalanceRequest, EvaluateRequest, ExamplesRequest, ResultsEditRequest, type ResultsEditResponse } from '../../contracts/lsp';
import { answered, LspClient, tempWorkspace } from './harness';

function offsetAt(text: string, p: Position): number {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
  return o + p.character;
}

function applyEdits(text: string, edits: ResultsEditResponse['edits']): string {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(text, e.range.start)) + e.newText + out.slice(offsetAt(text, e.range.end));
  return out;
}

describe('Evaluate task over LSP', () => {
  const ws = tempWorkspace();
  const file = join(ws.dir, 'small-with-data.mixture.yaml');
  let client: LspClient;
  let uri: string;
  let text: string;

  before(async () => {
    client = await LspClient.start({ initializationOptions: { commands: ['taskmix.tryInPlayground', 'taskmix.evaluateTask'] } });
    text = readFileSync(file, 'utf8');
    uri = await client.open(file, text);
    await client.diagnosticsFor(uri, 1);
  });

  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  test('a lens "Evaluate task" on each task with an eval split, only where the client has the command', async () => {
    const lenses = answered(await client.send(CodeLensRequest.type, { textDocument: { uri } }));
    const resolved = await Promise.all(lenses.map((l) => (l.command ? l : client.send(CodeLensResolveRequest.type, l))));
    const evaluate = resolved.filter((l) => l.command?.command === 'taskmix.evaluateTask');
    assert.deepEqual(evaluate.map((l) => l.command!.arguments), [[uri, 'sst2']], 'sst2 is the one task with `eval`');
    assert.equal(evaluate[0]!.command!.title, 'Evaluate task');
    assert.equal(resolved.filter((l) => l.command?.command === 'taskmix.tryInPlayground').length, 3);
    const bare = await LspClient.start({ initializationOptions: { commands: ['taskmix.tryInPlayground'] } });
    try {
      const buri = await bare.open(file, text);
      const only = answered(await bare.send(CodeLensRequest.type, { textDocument: { uri: buri } }));
      const kinds = await Promise.all(only.map(async (l) => (l.command ?? (await bare.send(CodeLensResolveRequest.type, l)).command)?.command));
      assert.ok(!kinds.includes('taskmix.evaluateTask'));
    } finally {
      await bare.stop();
    }
  });

  test('taskmix/evaluate scores as `taskmix eval` does on the same predictions', async () => {
    const records = await client.send(ExamplesRequest.type, { uri, task: 'sst2', split: 'eval', count: 100 });
    assert.equal(records.examples.length, 4);
    const predictions = records.examples.map((r, i) => ({ line: r.line, prediction: i === 1 ? 'positive' : String(r.target) }));
    const answer = await client.send(EvaluateRequest.type, { uri, task: 'sst2', predictions });
    assert.ok(answer.report, answer.error?.message);
    assert.deepEqual(answer.report.examples.map((e) => e.scores.accuracy), [1, 0, 1, 1]);
    writeFileSync(join(ws.dir, 'preds.jsonl'), predictions.map((p) => JSON.stringify({ prediction: p.prediction })).join('\n'));
    let out = '';
    const code = await runEvalCommand([file, '--task', 'sst2', '--predictions', join(ws.dir, 'preds.jsonl'), '--json'], { stdout: (t) => (out += t), stderr: () => undefined, cwd: ws.dir });
    assert.equal(code, 0);
    assert.deepEqual(answer.report.metrics, (JSON.parse(out) as { metrics: unknown }).metrics);
    assert.deepEqual(answer.report.metrics, { accuracy: 0.75 });
    assert.deepEqual(answer.report.results, { metric: 'accuracy', percent: true });
    await assert.rejects(client.requestUnchecked(EvaluateRequest.type, { uri, task: 'sst2', predictions: 'nope' }), /predictions must be a non-empty list/); // unchecked: predictions must be a list
  });

  test('taskmix/resultsEdit: applied, the score is in results and the transfer gain uses it; another metric warns; a bad block is refused', async () => {
    const plan = await client.send(ResultsEditRequest.type, { uri, task: 'sst2', block: 'multi_task', metric: 'accuracy', value: 75 });
    assert.equal(plan.error, undefined);
    assert.equal(plan.version, 1);
    assert.deepEqual(plan.replaces, { previous: 92.1, next: 75 }, 'the client asks before replacing a real score');
    const next = applyEdits(text, plan.edits);
    assert.equal(next, text.replace('multi_task: {sst2: 92.1,', 'multi_task: {sst2: 75,'));
    const version = await client.change(uri, [{ text: next }]);
    await client.diagnosticsFor(uri, version);
    const balance = await client.send(BalanceRequest.type, { uri });
    const gain = balance.transfer!.gain.find((g) => g.task === 'sst2')!;
    assert.equal(gain.multi, 75);
    assert.ok(Math.abs(gain.gain! - (75 - 92.7) / 92.7) < 1e-12);
    const warned = await client.send(ResultsEditRequest.type, { uri, task: 'sst2', block: 'single_task', metric: 'f1', value: 0.5 });
    assert.match(warned.warning!, /results\.metric is 'accuracy', but this score is f1/);
    assert.equal(warned.version, version);
    const refused = await client.requestUnchecked(ResultsEditRequest.type, { uri, task: 'sst2', block: 'both', metric: 'accuracy', value: 1 }); // unchecked: 'both' is no results block
    assert.match(refused.error!, /block must be single_task or multi_task/);
  });
});
