// The preview's host logic without VS Code: message checks, the ready handshake, stale answers dropped,
// what-if answers, the CSP of the HTML shell, the diagnostics summary (where a task is named: test/lsp/edits.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BalanceController, summarizeDiagnostics, sortDiagnostics, type BalanceHost } from '../../client/src/views/balanceController';
import { balanceCsp, buildBalanceHtml, makeNonce } from '../../client/src/views/balanceHtml';
import type { BalanceDataSource, BalanceResponse } from '../../client/src/views/balanceRequests';
import { WhatIfAsker } from '../../client/webview/balance/whatIfAsker';
import { parseFromBalanceView, parseToBalanceView, type BalanceState, type FromBalanceView, type ToBalanceView } from '../../contracts/balanceMessages';
import type { RatesResult, StrategyComparison } from '../../contracts/balanceData';
import { decodeFloat64, encodeFloat64, packWhatIf, taskListKey, unpackWhatIf, type HeldTasks, type WhatIfRates, type WhatIfRatesPacked } from '../../contracts/whatIf';

test('view -> host messages are checked at run time', () => {
  assert.deepEqual(parseFromBalanceView({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromBalanceView({ type: 'whatIf', requestId: 3, temperature: 2.5, cap: null, extra: 1 }), { type: 'whatIf', requestId: 3, temperature: 2.5, cap: null });
  assert.deepEqual(parseFromBalanceView({ type: 'whatIf', requestId: 3, temperature: 2.5, cap: 9, tasksKey: 'k' }), { type: 'whatIf', requestId: 3, temperature: 2.5, cap: 9, tasksKey: 'k' });
  for (const bad of [null, 'ready', {}, { type: 'nope' }, { type: 'whatIf', requestId: 1.5, temperature: 2, cap: null }, { type: 'whatIf', requestId: 1, temperature: 2, cap: null, tasksKey: 7 }, { type: 'whatIf', requestId: 1, temperature: 0, cap: null }, { type: 'applyTemperature', temperature: 2, cap: -3 }, { type: 'revealTask' }, { type: 'revealDiagnostic', index: -1 }, { type: 'export', format: 'gif', fileName: 'a', data: '' }]) {
    assert.equal(parseFromBalanceView(bad), undefined, JSON.stringify(bad));
  }
});

test('host -> view messages are checked by the view', () => {
  assert.equal(parseToBalanceView({ type: 'state', state: { uri: 'u' } }), undefined);
  assert.equal(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: { tasks: 'x' } }), undefined);
  assert.ok(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: null, error: 'no' }));
  assert.ok(parseToBalanceView({ type: 'diagnostics', uri: 'u', diagnostics: { errors: 0, warnings: 1, items: [] } }));
  assert.equal(parseToBalanceView({ type: 'diagnostics', uri: 'u', diagnostics: { errors: 0 } }), undefined);
  assert.ok(parseToBalanceView({ type: 'notice', level: 'info', message: 'ok' }));
});

function response(uri: string, mixture: string, analysisVersion = 1, columns: StrategyComparison['columns'] = []): BalanceResponse {
  return { uri, version: 1, stale: false, comparison: { mixture, columns }, sampling: { strategy: 'temperature', temperature: 2, cap: null, maxEpochs: 10 }, transfer: null, analysisVersion };
}

const BALANCE = { entropy: 0, normalized_entropy: 1, effective_tasks: 1, max_min_ratio: 1, gini: 0, kl_uniform: 0, kl_proportional: 0 };
const ratesAt = (t: number, names = ['a', 'b', 'c']): RatesResult => ({
  mixture: 'm', strategy: 'temperature' as const, examples_drawn: 1000, balance: BALANCE,
  tasks: names.map((name, i) => ({
    name, via: ['m'], prefix: `${name}:`, examples: 100 * (i + 1), raw: (i + 1) / t, rate: 1 / names.length + i / (10 * t), epochs: i === 2 ? null : i + t,
    tokens: i === 0 ? null : 5000 * i, tokens_estimated: i === 1, token_share: i === 0 ? null : i / (i + t), effective_epochs: i === 2 ? null : Math.log1p(i + t),
  })),
});

/** What a what-if answer carries of the core's result: the tasks as the Temperature tab shows them. */
const shown = (r: RatesResult): WhatIfRates => ({ ...r, tasks: r.tasks.map(({ name, via, prefix, examples, raw, rate, epochs }) => ({ name, via, prefix, examples, raw, rate, epochs })) });

function harness(source: Partial<BalanceDataSource>) {
  const posted: ToBalanceView[] = [];
  const logs: string[] = [];
  const applied: [string, number, number | null][] = [];
  const host: BalanceHost = {
    post: (m) => void posted.push(m),
    fileName: (uri) => uri.split('/').pop()!,
    diagnostics: () => ({ errors: 0, warnings: 0, items: [] }),
    revealTask: () => undefined,
    revealDiagnostic: () => undefined,
    applyTemperature: async (uri, t, cap) => {
      applied.push([uri, t, cap]);
      return t > 50 ? 'too hot' : undefined;
    },
    saveExport: async () => undefined,
    log: (m) => void logs.push(m),
  };
  const full: BalanceDataSource = {
    balance: async (uri) => response(uri, 'm'),
    whatIf: async () => null,
    dynamics: async () => null,
    ...source,
  };
  return { posted, logs, applied, host, source: full };
}

test('nothing is posted before ready; ready sends the state of the followed file', async () => {
  const h = harness({});
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  c.ratesChanged({ uri: 'file:///a.mixture.yaml', analysisVersion: 1 });
  await c.refresh();
  assert.equal(h.posted.length, 0);
  await c.handle({ type: 'ready' });
  assert.equal(h.posted.length, 1);
  const m = h.posted[0]!;
  assert.ok(m.type === 'state' && m.state.fileName === 'a.mixture.yaml' && m.state.comparison?.mixture === 'm');
});

test('an older answer that arrives after a newer one is dropped', async () => {
  const pending: ((r: BalanceResponse) => void)[] = [];
  const h = harness({ balance: (uri) => new Promise((resolve) => pending.push(() => resolve(response(uri, uri.includes('b') ? 'B' : 'A')))) });
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  const ready = c.handle({ type: 'ready' });
  c.follow('file:///b.mixture.yaml');
  await new Promise((r) => setImmediate(r));
  assert.equal(pending.length, 2);
  pending[1]!(undefined as never);
  pending[0]!(undefined as never);
  await ready;
  await new Promise((r) => setImmediate(r));
  const states = h.posted.filter((m) => m.type === 'state');
  assert.equal(states.length, 1);
  assert.equal(states[0]!.type === 'state' && states[0]!.state.comparison?.mixture, 'B');
});

test('rates-changed for another file is ignored; what-if answers pass through as the server packed them, errors included', async () => {
  let calls = 0;
  const packed = packWhatIf(ratesAt(4), undefined);
  const asked: [number, number | null, string | undefined][] = [];
  const h = harness({
    balance: async (uri) => (calls++, response(uri, 'm')),
    whatIf: async (_uri, t, cap, tasksKey) => {
      asked.push([t, cap, tasksKey]);
      if (t > 50) throw new Error('bad T');
      return packed;
    },
  });
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  await c.handle({ type: 'ready' });
  c.ratesChanged({ uri: 'file:///other.mixture.yaml', analysisVersion: 9 });
  assert.equal(calls, 1);
  await c.handle({ type: 'whatIf', requestId: 7, temperature: 4, cap: null });
  await c.handle({ type: 'whatIf', requestId: 8, temperature: 80, cap: 10, tasksKey: packed.tasksKey });
  assert.deepEqual(asked, [[4, null, undefined], [80, 10, packed.tasksKey]], 'the view\'s task key goes to the server');
  const answers = h.posted.filter((m) => m.type === 'whatIfRates');
  assert.equal(answers.length, 2);
  assert.ok(answers[0]!.type === 'whatIfRates' && answers[0]!.requestId === 7 && answers[0]!.result === packed, 'the very object the server sent');
  assert.ok(answers[1]!.type === 'whatIfRates' && answers[1]!.requestId === 8 && answers[1]!.result === null && answers[1]!.error === 'bad T');
});


test('what-if answers are packed by the server: numbers as float64 columns, the task list only when the asker lacks it', () => {
  const first = packWhatIf(ratesAt(2), undefined);
  assert.deepEqual(first.tasks?.map((t) => t.name), ['a', 'b', 'c']);
  // Through JSON, as the answer travels: server -> extension host -> webview.
  const wire = (p: WhatIfRatesPacked) => JSON.parse(JSON.stringify(p)) as WhatIfRatesPacked;
  const one = unpackWhatIf(wire(first), undefined)!;
  assert.deepEqual(one.result, shown(ratesAt(2)));
  const held: HeldTasks = one.held;
  assert.equal(held.key, first.tasksKey);
  const second = packWhatIf(ratesAt(5), held.key);
  assert.equal(second.tasks, undefined, 'the same tasks are not sent again');
  assert.deepEqual([...decodeFloat64(second.epochs)!].map((e) => (Number.isNaN(e) ? null : e)), [0 + 5, 1 + 5, null]);
  assert.deepEqual(unpackWhatIf(wire(second), held)?.result, shown(ratesAt(5)));
  assert.equal(unpackWhatIf(second, undefined), undefined, 'numbers without a task list are refused');
  assert.equal(unpackWhatIf(second, { key: 'another', tasks: held.tasks }), undefined, 'nor with a list of another key');
  // Another task list (a task renamed, examples changed, another path): sent again.
  assert.deepEqual(packWhatIf(ratesAt(5, ['a', 'x', 'c']), held.key).tasks?.map((t) => t.name), ['a', 'x', 'c']);
  const more = ratesAt(5);
  more.tasks[0]!.examples = 7;
  assert.ok(packWhatIf(more, held.key).tasks, 'examples changed');
  const moved = ratesAt(5);
  moved.tasks[1]!.via = ['m', 'sub'];
  assert.ok(packWhatIf(moved, held.key).tasks, 'another path');
  const task = { name: 'ab', via: [], prefix: 'c', examples: 1 };
  assert.notEqual(taskListKey([task]), taskListKey([{ ...task, name: 'a', prefix: 'bc' }]));
  assert.equal(unpackWhatIf(packWhatIf(ratesAt(5, ['a', 'b']), held.key), held)?.held.tasks.length, 2, 'a sent list wins over the held one');
  const short: WhatIfRatesPacked = { ...second, rate: encodeFloat64(new Float64Array([0.5, 0.5])) };
  assert.equal(unpackWhatIf(short, held), undefined, 'columns of another length are refused');
  assert.equal(unpackWhatIf({ ...second, raw: 'not base64!' }, held), undefined);
  assert.ok(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: second }));
  assert.equal(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: { ...second, rate: [0.5] } }), undefined);
  // At 1,000 tasks a step's answer is a fifth of the objects' JSON, and three plain strings (no per-task parsing).
  const big = ratesAt(3, Array.from({ length: 1000 }, (_, i) => `task_${String(i).padStart(5, '0')}`));
  const bigStep = JSON.stringify(packWhatIf(big, packWhatIf(big, undefined).tasksKey)).length;
  assert.ok(bigStep < 0.2 * JSON.stringify(big).length, `${bigStep} bytes beside ${JSON.stringify(big).length}`);
});

test('float64 columns: every length, every value (NaN, infinities, -0, subnormals) round-trips exactly', () => {
  const values = [0, -0, 1, -1.5, Math.PI, 1e-310, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 0.1 + 0.2, 2 ** 53 + 2];
  for (let n = 0; n <= values.length; n++) {
    const column = new Float64Array(values.slice(0, n));
    const text = encodeFloat64(column);
    assert.equal(text, Buffer.from(column.buffer).toString('base64'), `n=${n}: standard base64 of the little-endian bytes`);
    assert.deepEqual([...decodeFloat64(text)!].map((v) => Object.is(v, -0) ? '-0' : String(v)), [...column].map((v) => Object.is(v, -0) ? '-0' : String(v)));
  }
  assert.deepEqual([...decodeFloat64('AAAAAAAAAAA=')!], [0]);
  for (const bad of ['A', 'AAAA', '@AAAAAAAAAA=', 'AA=AAAAAAAA=', 'AAAAAAAAAA==']) assert.equal(decodeFloat64(bad), undefined, bad);
});

/** A small stand-in for VS Code and the webview around the real controller: the view side is main.ts's handling
 *  of states and answers over the real WhatIfAsker; the server's numbers change only when `version` does. */
function previewLoop() {
  const uri = 'file:///a.mixture.yaml';
  let version = 1;
  let diagnostics = { errors: 0, warnings: 0, items: [] as { severity: 'warning'; code: string; message: string; line: number; character: number }[] };
  const asked: string[] = [];
  const balanceCalls: number[] = [];
  const toView: ToBalanceView[] = [];
  let state: BalanceState | null = null;
  let slider = { temperature: 2, cap: null as number | null };
  // 1,000 tasks under 6 strategies, as a state carries them.
  const columns: StrategyComparison['columns'] = ['uniform', 'proportional', 'T=2', 'T=4', 'T=8', 'sqrt'].map((label, i) => ({ id: label, label, strategy: 'temperature', isFileStrategy: i === 2, result: ratesAt(i + 1, Array.from({ length: 1000 }, (_, j) => `task_${j}`)) }));
  let nextId = 1;
  const asker = new WhatIfAsker(
    () => ({ ...slider, analysisVersion: state?.analysisVersion ?? 0 }),
    (temperature, cap) => {
      const requestId = nextId++;
      fromView({ type: 'whatIf', requestId, temperature, cap });
      return requestId;
    },
  );
  const pending: Promise<void>[] = [];
  const fromView = (m: FromBalanceView) => void pending.push(controller.handle(m));
  const host: BalanceHost = {
    post: (m) => {
      toView.push(m);
      // The view, as main.ts handles each message.
      if (m.type === 'state') {
        state = m.state;
        asker.changed();
      } else if (m.type === 'diagnostics' && state) state = { ...state, diagnostics: m.diagnostics };
      else if (m.type === 'whatIfRates') asker.answered(m.requestId);
    },
    fileName: () => 'a.mixture.yaml',
    diagnostics: () => diagnostics,
    revealTask: () => undefined,
    revealDiagnostic: () => undefined,
    applyTemperature: async (_uri, temperature, cap) => {
      // The edit: the file's own sampling changes, so its numbers do.
      edit({ numbers: true, warnings: diagnostics.warnings + (temperature > 50 ? 1 : 0) });
      void cap;
      return undefined;
    },
    saveExport: async () => undefined,
    log: (m) => assert.fail(m),
  };
  const source: BalanceDataSource = {
    balance: async (u) => (balanceCalls.push(version), response(u, 'm', version, columns)),
    whatIf: async (_u, t, cap) => (asked.push(`${t} ${cap} ${version}`), packWhatIf(ratesAt(t), undefined)),
    dynamics: async () => null,
  };
  // Declared after the host it posts to; the closures above reach it only once messages flow.
  const controller = new BalanceController(source, host, uri);
  /** A change of the file as the server sees it, then what VS Code hands the controller, in the server's order. */
  const edit = (change: { numbers: boolean; warnings: number }) => {
    if (change.numbers) version++;
    const changedDiagnostics = change.warnings !== diagnostics.warnings;
    diagnostics = { errors: 0, warnings: change.warnings, items: Array.from({ length: Math.min(20, change.warnings) }, (_, i) => ({ severity: 'warning', code: 'too-many-epochs', message: `task_${i} over-fits`, line: i, character: 4 })) };
    if (changedDiagnostics) controller.diagnosticsChanged([uri]);
    if (changedDiagnostics || change.numbers) controller.ratesChanged({ uri, analysisVersion: version });
  };
  /** Runs until nothing is in flight (each message handled, each answer taken). */
  const settle = async () => {
    while (pending.length) await pending.shift();
    await new Promise((r) => setImmediate(r));
    if (pending.length) await settle();
  };
  return { asked, balanceCalls, toView, edit, settle, fromView, moveSlider: (temperature: number, cap: number | null) => ((slider = { temperature, cap }), asker.changed()), ready: () => fromView({ type: 'ready' }) };
}

test('a diagnostics-only change sends the view one small message: no state, no server request, no what-if', async () => {
  const p = previewLoop();
  p.ready();
  await p.settle();
  assert.deepEqual(p.toView.map((m) => m.type), ['state', 'whatIfRates']);
  const stateSize = JSON.stringify(p.toView[0]).length;
  const before = { posted: p.toView.length, balance: p.balanceCalls.length, asked: p.asked.length };
  p.edit({ numbers: false, warnings: 3 });
  await p.settle();
  const sent = p.toView.slice(before.posted);
  assert.deepEqual(sent.map((m) => m.type), ['diagnostics']);
  assert.ok(sent[0]!.type === 'diagnostics' && sent[0]!.diagnostics.warnings === 3);
  assert.ok(JSON.stringify(sent[0]).length < stateSize / 100, `${JSON.stringify(sent[0]).length} bytes beside a ${stateSize}-byte state`);
  assert.equal(p.balanceCalls.length, before.balance, 'the server is not asked for the state again');
  assert.equal(p.asked.length, before.asked, 'nor for a what-if');
});

test('Apply, and a keystroke while following, ask one what-if per (T, K, analysis version) and post one state', async () => {
  const p = previewLoop();
  p.ready();
  await p.settle();
  p.moveSlider(8, null);
  await p.settle();
  p.moveSlider(8, null); // an input event that moved nothing
  await p.settle();
  assert.deepEqual(p.asked, ['2 null 1', '8 null 1']);
  // Apply T = 8: the file changes, its diagnostics and its numbers.
  const posted = p.toView.length;
  p.fromView({ type: 'applyTemperature', temperature: 80, cap: null });
  await p.settle();
  assert.deepEqual(p.toView.slice(posted).map((m) => m.type).filter((t) => t !== 'notice'), ['diagnostics', 'state', 'whatIfRates']);
  assert.ok(p.toView.slice(posted).some((m) => m.type === 'notice' && m.level === 'info'));
  assert.deepEqual(p.asked, ['2 null 1', '8 null 1', '8 null 2']);
  // A keystroke that changes the numbers and the diagnostics, and one that changes the numbers alone.
  p.edit({ numbers: true, warnings: 0 });
  await p.settle();
  p.edit({ numbers: true, warnings: 0 });
  await p.settle();
  assert.deepEqual(p.asked, ['2 null 1', '8 null 1', '8 null 2', '8 null 3', '8 null 4']);
  assert.equal(new Set(p.asked).size, p.asked.length, 'never twice for the same (T, K, version)');
  assert.equal(p.toView.filter((m) => m.type === 'state').length, 4, 'one state per change of the numbers');
  // The slider moves while an answer is on its way: the latest position is asked once the answer is in.
  p.moveSlider(3, 100);
  p.moveSlider(4, 100);
  p.moveSlider(5, 100);
  await p.settle();
  assert.deepEqual(p.asked.slice(5), ['3 100 4', '5 100 4']);
});

test('apply reports success or the host\'s error; a malformed message is logged, not thrown', async () => {
  const h = harness({});
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  await c.handle({ type: 'applyTemperature', temperature: 3, cap: null });
  await c.handle({ type: 'applyTemperature', temperature: 60, cap: 5 });
  assert.deepEqual(h.applied, [['file:///a.mixture.yaml', 3, null], ['file:///a.mixture.yaml', 60, 5]]);
  const notices = h.posted.filter((m) => m.type === 'notice');
  assert.ok(notices[0]!.type === 'notice' && notices[0]!.level === 'info');
  assert.ok(notices[1]!.type === 'notice' && notices[1]!.level === 'error' && notices[1]!.message === 'too hot');
  await c.handle({ type: 'whatIf', temperature: 'hot' });
  assert.equal(h.logs.length, 1);
});

test('a failing server answer still gives the view a state (diagnostics, never a blank panel)', async () => {
  const h = harness({ balance: async () => { throw new Error('server down'); } });
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  await c.handle({ type: 'ready' });
  const m = h.posted[0]!;
  assert.ok(m.type === 'state' && m.state.comparison === null);
  assert.match(h.logs[0]!, /server down/);
});

test('the HTML shell: CSP default-src none, the script by nonce only, nothing inline', () => {
  const nonce = makeNonce();
  assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
  assert.notEqual(nonce, makeNonce());
  const html = buildBalanceHtml({ cspSource: 'vscode-resource:', nonce, scriptUri: 'vscode-resource:/dist/webview/balance.js', styleUri: 'vscode-resource:/media/balance.css' });
  const csp = balanceCsp('vscode-resource:', nonce);
  assert.ok(csp.startsWith("default-src 'none'"));
  assert.ok(csp.includes(`script-src 'nonce-${nonce}'`));
  assert.ok(!csp.includes('unsafe'));
  assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`));
  assert.equal(html.match(/<script/g)!.length, 1);
  assert.ok(html.includes(`nonce="${nonce}" src="vscode-resource:/dist/webview/balance.js"`));
  assert.ok(!/style="/.test(html));
});

test('the diagnostics summary lists errors first, in file order, and counts all', () => {
  const items = [
    { severity: 'warning' as const, code: 'w', message: 'w1', line: 1, character: 0 },
    { severity: 'error' as const, code: 'e', message: 'e2', line: 9, character: 2 },
    { severity: 'error' as const, code: 'e', message: 'e1', line: 3, character: 4 },
  ];
  const s = summarizeDiagnostics(items, 2);
  assert.equal(s.errors, 2);
  assert.equal(s.warnings, 1);
  assert.deepEqual(s.items.map((i) => i.message), ['e1', 'e2']);
  assert.deepEqual(sortDiagnostics(items).map((i) => i.message), ['e1', 'e2', 'w1']);
});
