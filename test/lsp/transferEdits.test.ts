// The transfer table follows the file's `results` through edits (issue 15: after an edit of `multi_task` every row
// showed "— missing", and stayed so after Revert; a score written by Evaluate task never appeared). The Balance
// Preview's host controller runs over the real server here, refreshing only when `taskmix/ratesChanged` brings a new
// `analysisVersion`, as in VS Code: a results-only edit must change that version, and the state it then posts must
// carry the new scores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BalanceController, type BalanceHost } from '../../client/src/views/balanceController';
import { lspBalanceDataSource } from '../../client/src/views/balanceRequests';
import type { BalanceState, ToBalanceView } from '../../contracts/balanceMessages';
import { RatesChangedNotification, ResultsEditRequest, type RatesChangedParams } from '../../contracts/lsp';
import { LspClient, tempWorkspace } from './harness';

describe('transfer after edits', () => {
  const ws = tempWorkspace();
  const file = join(ws.dir, 'small-with-data.mixture.yaml');
  let client: LspClient;
  let uri: string;
  let text: string;
  let controller: BalanceController;
  const posted: ToBalanceView[] = [];
  let seen = 0;

  before(async () => {
    client = await LspClient.start({ initializationOptions: { commands: ['taskmix.showBalancePreview'] } });
    text = readFileSync(file, 'utf8');
    uri = await client.open(file, text);
    await client.diagnosticsFor(uri, 1);
    const host: BalanceHost = {
      post: (m) => void posted.push(m),
      fileName: (u) => u.split('/').pop()!,
      diagnostics: () => ({ errors: 0, warnings: 0, items: [] }),
      revealTask: () => undefined,
      revealDiagnostic: () => undefined,
      applyTemperature: async () => undefined,
      saveExport: async () => undefined,
      log: () => undefined,
    };
    controller = new BalanceController(lspBalanceDataSource({ sendRequest: (type, params) => client.send(type, params) }), host, uri);
    await controller.handle({ type: 'ready' });
    seen = client.notifications.length;
  });

  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  const lastState = (): BalanceState => {
    const states = posted.filter((m): m is Extract<ToBalanceView, { type: 'state' }> => m.type === 'state');
    assert.ok(states.length > 0, 'the controller posted no state');
    return states[states.length - 1]!.state;
  };
  const multi = () => lastState().transfer!.gain.map((g) => [g.task, g.multi]);

  /** Sends one change, waits for its diagnostics, and hands the controller every ratesChanged since, as VS Code does. */
  async function edit(changes: Parameters<LspClient['change']>[1]): Promise<void> {
    const version = await client.change(uri, changes);
    await client.diagnosticsFor(uri, version);
    await new Promise((r) => setTimeout(r, 50)); // the notification follows the diagnostics in the same turn
    const notes = client.notifications.slice(seen).filter((n) => n.method === RatesChangedNotification.method);
    seen = client.notifications.length;
    for (const n of notes) controller.ratesChanged(n.params as RatesChangedParams);
    await controller.refresh().catch(() => undefined).then(() => undefined);
  }

  /** Like `edit`, but refreshes only through the notifications (no explicit refresh): what the view would show. */
  async function editFollowingNotifications(changes: Parameters<LspClient['change']>[1]): Promise<void> {
    const before = posted.length;
    const version = await client.change(uri, changes);
    await client.diagnosticsFor(uri, version);
    // The notification for this version (none would come if the server thought nothing the preview shows changed).
    let note: RatesChangedParams | undefined;
    for (const deadline = Date.now() + 10_000; !note && Date.now() < deadline; await new Promise((r) => setTimeout(r, 10))) {
      note = client.notifications.slice(seen).map((n) => n.params as RatesChangedParams).find((p) => isOurs(p) && p.version === version);
    }
    assert.ok(note, `no taskmix/ratesChanged for version ${version}`);
    seen = client.notifications.length;
    controller.ratesChanged(note);
    const deadline = Date.now() + 10_000;
    while (posted.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.ok(posted.length > before, `no state posted after ratesChanged ${JSON.stringify(note)}`);
  }

  const isOurs = (p: RatesChangedParams) => p && typeof p.analysisVersion === 'number' && p.uri === uri;
  const lines = () => text.split('\n');
  const multiLine = () => lines().findIndex((l) => l.startsWith('  multi_task:'));

  test('the first state has the multi scores', () => {
    assert.deepEqual(multi(), [['sst2', 92.1], ['mrpc', 88.9], ['qnli', 90.9]]);
  });

  test('a changed multi_task score reaches the view through ratesChanged alone', async () => {
    const line = multiLine();
    const col = lines()[line]!.indexOf('92.1');
    await editFollowingNotifications([{ range: { start: { line, character: col }, end: { line, character: col + 4 } }, text: '93.4' }]);
    assert.deepEqual(multi(), [['sst2', 93.4], ['mrpc', 88.9], ['qnli', 90.9]]);
  });

  test('a broken score in between, then typed back, then a Revert (the whole text), keep the scores', async () => {
    const line = multiLine();
    const col = lines()[line]!.indexOf('92.1');
    await edit([{ range: { start: { line, character: col }, end: { line, character: col + 4 } }, text: '' }]);
    await editFollowingNotifications([{ range: { start: { line, character: col }, end: { line, character: col } }, text: '9' }]);
    assert.deepEqual(multi(), [['sst2', 9], ['mrpc', 88.9], ['qnli', 90.9]]);
    // multi_task -> multi_tas: the block is gone, every row is missing
    await editFollowingNotifications([{ range: { start: { line, character: 11 }, end: { line, character: 12 } }, text: '' }]);
    assert.deepEqual(multi(), [['sst2', null], ['mrpc', null], ['qnli', null]]);
    await editFollowingNotifications([{ text }]);
    assert.deepEqual(multi(), [['sst2', 92.1], ['mrpc', 88.9], ['qnli', 90.9]]);
  });

  test('a score written by "Write to results" appears', async () => {
    const plan = await client.send(ResultsEditRequest.type, { uri, task: 'mrpc', block: 'multi_task', metric: 'accuracy', value: 75 });
    assert.equal(plan.error, undefined);
    assert.equal(plan.edits.length, 1);
    await editFollowingNotifications(plan.edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.deepEqual(multi(), [['sst2', 92.1], ['mrpc', 75], ['qnli', 90.9]]);
  });
});
