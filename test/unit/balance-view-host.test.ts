// The preview's host logic without VS Code: message checks, the ready handshake, stale answers dropped,
// what-if answers, the CSP of the HTML shell, revealing a task, the diagnostics summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BalanceController, summarizeDiagnostics, sortDiagnostics, type BalanceHost } from '../../client/src/views/balanceController';
import { balanceCsp, buildBalanceHtml, makeNonce } from '../../client/src/views/balanceHtml';
import type { BalanceDataSource, BalanceResponse } from '../../client/src/views/balanceRequests';
import { findTaskNameRange } from '../../client/src/views/taskLocation';
import { packWhatIf, parseFromBalanceView, parseToBalanceView, unpackWhatIf, type ToBalanceView, type WhatIfRatesPacked, type WhatIfTask } from '../../contracts/balanceMessages';

test('view -> host messages are checked at run time', () => {
  assert.deepEqual(parseFromBalanceView({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromBalanceView({ type: 'whatIf', requestId: 3, temperature: 2.5, cap: null, extra: 1 }), { type: 'whatIf', requestId: 3, temperature: 2.5, cap: null });
  for (const bad of [null, 'ready', {}, { type: 'nope' }, { type: 'whatIf', requestId: 1.5, temperature: 2, cap: null }, { type: 'whatIf', requestId: 1, temperature: 0, cap: null }, { type: 'applyTemperature', temperature: 2, cap: -3 }, { type: 'revealTask' }, { type: 'revealDiagnostic', index: -1 }, { type: 'export', format: 'gif', fileName: 'a', data: '' }]) {
    assert.equal(parseFromBalanceView(bad), undefined, JSON.stringify(bad));
  }
});

test('host -> view messages are checked by the view', () => {
  assert.equal(parseToBalanceView({ type: 'state', state: { uri: 'u' } }), undefined);
  assert.equal(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: { tasks: 'x' } }), undefined);
  assert.ok(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: null, error: 'no' }));
  assert.ok(parseToBalanceView({ type: 'notice', level: 'info', message: 'ok' }));
});

function response(uri: string, mixture: string): BalanceResponse {
  return { uri, version: 1, stale: false, comparison: { mixture, columns: [] }, sampling: { strategy: 'temperature', temperature: 2, cap: null, maxEpochs: 10 }, transfer: null };
}

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
  c.ratesChanged('file:///a.mixture.yaml');
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

test('rates-changed for another file is ignored; what-if answers carry the request id, errors included', async () => {
  let calls = 0;
  const h = harness({
    balance: async (uri) => (calls++, response(uri, 'm')),
    whatIf: async (_uri, t) => {
      if (t > 50) throw new Error('bad T');
      return { mixture: 'm', strategy: 'temperature', examples_drawn: null, tasks: [], balance: { entropy: 0, normalized_entropy: 1, effective_tasks: 1, max_min_ratio: 1, gini: 0, kl_uniform: 0, kl_proportional: 0 } };
    },
  });
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  await c.handle({ type: 'ready' });
  c.ratesChanged('file:///other.mixture.yaml');
  assert.equal(calls, 1);
  await c.handle({ type: 'whatIf', requestId: 7, temperature: 4, cap: null });
  await c.handle({ type: 'whatIf', requestId: 8, temperature: 80, cap: 10 });
  const answers = h.posted.filter((m) => m.type === 'whatIfRates');
  assert.equal(answers.length, 2);
  assert.ok(answers[0]!.type === 'whatIfRates' && answers[0]!.requestId === 7 && answers[0]!.result?.strategy === 'temperature');
  assert.ok(answers[1]!.type === 'whatIfRates' && answers[1]!.requestId === 8 && answers[1]!.result === null && answers[1]!.error === 'bad T');
});

const BALANCE = { entropy: 0, normalized_entropy: 1, effective_tasks: 1, max_min_ratio: 1, gini: 0, kl_uniform: 0, kl_proportional: 0 };
const ratesAt = (t: number, names = ['a', 'b', 'c']) => ({
  mixture: 'm', strategy: 'temperature' as const, examples_drawn: 1000, balance: BALANCE,
  tasks: names.map((name, i) => ({ name, via: ['m'], prefix: `${name}:`, examples: 100 * (i + 1), raw: (i + 1) / t, rate: 1 / names.length + i / (10 * t), epochs: i === 2 ? null : i + t })),
});

test('what-if answers are packed: numbers as arrays, the task list only when it changes; unpacking restores them', () => {
  const first = packWhatIf(ratesAt(2), undefined);
  assert.deepEqual(first.packed.tasks?.map((t) => t.name), ['a', 'b', 'c']);
  assert.deepEqual(unpackWhatIf(first.packed, undefined)?.result, ratesAt(2));
  const held = first.packed.tasks;
  const second = packWhatIf(ratesAt(5), first.key);
  assert.equal(second.packed.tasks, undefined, 'the same tasks are not sent again');
  assert.deepEqual(second.packed.epochs, [0 + 5, 1 + 5, null]);
  assert.deepEqual(unpackWhatIf(second.packed, held)?.result, ratesAt(5));
  assert.equal(unpackWhatIf(second.packed, undefined), undefined, 'numbers without a task list are refused');
  // Another task list (a task renamed, or examples changed): sent again.
  const renamed = packWhatIf(ratesAt(5, ['a', 'x', 'c']), second.key);
  assert.deepEqual(renamed.packed.tasks?.map((t) => t.name), ['a', 'x', 'c']);
  const more = ratesAt(5);
  more.tasks[0]!.examples = 7;
  assert.ok(packWhatIf(more, second.key).packed.tasks, 'examples changed');
  assert.equal(unpackWhatIf(packWhatIf(ratesAt(5, ['a', 'b']), undefined).packed, held)?.tasks.length, 2, 'a sent list wins over the held one');
  const short: WhatIfRatesPacked = { ...second.packed, rate: [0.5, 0.5] };
  assert.equal(unpackWhatIf(short, held), undefined, 'arrays of another length are refused');
  assert.equal(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: second.packed }) !== undefined, true);
  assert.equal(parseToBalanceView({ type: 'whatIfRates', requestId: 1, result: { ...second.packed, rate: 'x' } }), undefined);
  // About a third of the objects' size at 1,000 tasks, after the first answer.
  const big = ratesAt(3, Array.from({ length: 1000 }, (_, i) => `task_${String(i).padStart(5, '0')}`));
  const bigFirst = packWhatIf(big, undefined);
  assert.ok(JSON.stringify(packWhatIf(big, bigFirst.key).packed).length < 0.5 * JSON.stringify(big).length);
});

test('the controller sends the task list once per view: again after a new ready, and when the tasks change', async () => {
  let names = ['a', 'b', 'c'];
  const h = harness({ balance: async (uri) => response(uri, 'm'), whatIf: async (_uri, t) => ratesAt(t, names) });
  const c = new BalanceController(h.source, h.host, 'file:///a.mixture.yaml');
  await c.handle({ type: 'ready' });
  const ask = async (requestId: number) => {
    await c.handle({ type: 'whatIf', requestId, temperature: 2 + requestId, cap: null });
    const m = h.posted[h.posted.length - 1]!;
    assert.ok(m.type === 'whatIfRates' && m.result);
    return m.result;
  };
  let held: WhatIfTask[] | undefined;
  const sequence: (string[] | undefined)[] = [];
  const check = (packed: WhatIfRatesPacked) => {
    sequence.push(packed.tasks?.map((t) => t.name));
    const unpacked = unpackWhatIf(packed, held)!;
    held = [...unpacked.tasks];
    assert.deepEqual(unpacked.result.tasks.map((t) => t.name), names);
  };
  check(await ask(1));
  check(await ask(2));
  names = ['a', 'b'];
  check(await ask(3));
  check(await ask(4));
  await c.handle({ type: 'ready' }); // the webview reloaded: it holds nothing
  held = undefined;
  check(await ask(5));
  assert.deepEqual(sequence, [['a', 'b', 'c'], undefined, ['a', 'b'], undefined, ['a', 'b']]);
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

test('a task is found by its name value; unknown or included tasks are null', () => {
  const text = 'mixture: m\ntasks:\n  - name: cola\n    prefix: "c:"\n  - {name: "sst2", prefix: "s:"}\n  - include: other.mixture.yaml\n';
  const at = findTaskNameRange(text, 'sst2')!;
  assert.equal(text.slice(at[0], at[1]), '"sst2"');
  assert.equal(text.slice(...findTaskNameRange(text, 'cola')!), 'cola');
  assert.equal(findTaskNameRange(text, 'mnli'), null);
  assert.equal(findTaskNameRange('tasks: [', 'a'), null);
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
