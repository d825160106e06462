// The playground's message checks (untyped JSON at run time) and its CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlaygroundHtml, playgroundCsp } from '../../client/src/views/playgroundHtml';
import { parseFromPlaygroundView, parseToPlaygroundView, type PlaygroundState } from '../../contracts/playgroundMessages';

test('view -> host messages: well-formed ones pass, the rest are dropped', () => {
  assert.deepEqual(parseFromPlaygroundView({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromPlaygroundView({ type: 'selectTask', name: null }), { type: 'selectTask', name: null });
  assert.deepEqual(parseFromPlaygroundView({ type: 'requestExamples', requestId: 3, task: 'sst2', split: 'eval', count: 500 }), { type: 'requestExamples', requestId: 3, task: 'sst2', split: 'eval', count: 100 });
  assert.deepEqual(parseFromPlaygroundView({ type: 'openSettings', setting: 'taskmix.playground.model' }), { type: 'openSettings', setting: 'taskmix.playground.model' });
  for (const bad of [null, 'ready', {}, { type: 'nope' }, { type: 'selectTask', name: 3 }, { type: 'requestExamples', requestId: 1.5, task: 'a', split: 'train', count: 1 },
    { type: 'requestExamples', requestId: 1, task: 'a', split: 'test', count: 1 }, { type: 'requestExamples', requestId: 1, task: 'a', split: 'train', count: 0 },
    { type: 'openSettings', setting: 'editor.fontSize' }, { type: 'log', level: 'warn', message: 'x' }]) {
    assert.equal(parseFromPlaygroundView(bad), undefined, JSON.stringify(bad));
  }
});

test('host -> view messages: state and model statuses are checked', () => {
  const state: PlaygroundState = {
    mixture: null,
    tasks: [{ name: 'a', prefix: 'a:', examples: 3, hasData: true, hasEval: false, metrics: [] }],
    tasksError: null,
    selectedTask: null,
    device: 'auto',
    model: { kind: 'ready', label: 'm', source: 'local', precision: 'q8', baseUri: 'https://x/', files: ['config.json'], notes: [] },
    assets: { workerUri: 'w', wasm: { glueUri: 'g', binaryUri: 'b' }, webgpu: null },
  };
  assert.ok(parseToPlaygroundView({ type: 'state', state }));
  assert.equal(parseToPlaygroundView({ type: 'state', state: { ...state, device: 'gpu' } }), undefined);
  assert.equal(parseToPlaygroundView({ type: 'state', state: { ...state, model: { kind: 'ready', label: 'm' } } }), undefined);
  assert.equal(parseToPlaygroundView({ type: 'state', state: { ...state, assets: { workerUri: 'w', wasm: {}, webgpu: null } } }), undefined);
  assert.ok(parseToPlaygroundView({ type: 'model', model: { kind: 'downloading', label: 'm', received: 1, total: 2 } }));
  assert.ok(parseToPlaygroundView({ type: 'model', model: { kind: 'offline', label: 'm', message: 'Offline' } }));
  assert.equal(parseToPlaygroundView({ type: 'model', model: { kind: 'downloading', label: 'm' } }), undefined);
  assert.equal(parseToPlaygroundView({ type: 'examples', requestId: 1, task: 't', split: 'x', examples: [] }), undefined);
});

test('the CSP: scripts by nonce, wasm compilation and blob: workers allowed, nothing else', () => {
  const csp = playgroundCsp('https://vscode-cdn', 'N0NCE');
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N0NCE' https:\/\/vscode-cdn 'wasm-unsafe-eval' blob:/);
  assert.match(csp, /worker-src blob:/);
  assert.match(csp, /connect-src https:\/\/vscode-cdn(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/);
  const html = buildPlaygroundHtml({ cspSource: 'https://c', nonce: 'abc', scriptUri: 'https://c/p.js?a=1&b="2"', styleUri: 'https://c/p.css' });
  assert.match(html, /<script type="module" nonce="abc" src="https:\/\/c\/p\.js\?a=1&amp;b=&quot;2&quot;">/);
});
