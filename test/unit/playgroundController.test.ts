// The playground's host side without VS Code: the ready handshake, the mixture's tasks and records as the server
// answers them (core), "Try in playground" before and after the view is up, settings changes, and a hub model
// sized, downloaded (progress to the view) and then ready, or offline, through a loopback hub.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { downloadHubModel } from '../../client/src/models/downloadManager';
import { PlaygroundController, type PlaygroundHost } from '../../client/src/views/playgroundController';
import type { PlaygroundSettings } from '../../client/src/views/playgroundModel';
import type { ModelStatus, ToPlaygroundView } from '../../contracts/playgroundMessages';
import { FakeHub, ID, Q8_FILES } from './helpers/playgroundFakeHub';
import { CoreTaskRequests } from './helpers/playgroundServerRequests';
import { ensureTinyT5, TINY_DIR } from './helpers/t5Fixture';

ensureTinyT5();
const mixtureUri = pathToFileURL(resolve('examples/small-with-data.mixture.yaml')).toString();
const hub = new FakeHub();
const cacheRoot = mkdtempSync(join(tmpdir(), 'taskmix-controller-'));
before(() => hub.start());
after(async () => {
  await hub.stop();
  rmSync(cacheRoot, { recursive: true, force: true });
});

function makeHost(settings: PlaygroundSettings) {
  const posted: ToPlaygroundView[] = [];
  const log: string[] = [];
  const requests = new CoreTaskRequests();
  const host: PlaygroundHost & { settingsNow: PlaygroundSettings } = {
    settingsNow: settings,
    cacheRoot,
    home: tmpdir(),
    folderUri: (dir) => `https://webview.test${dir}/`,
    post: (m) => void posted.push(m),
    tasks: (uri) => requests.tasks(uri),
    examples: (p) => requests.examples(p),
    evaluate: (p) => requests.evaluate(p),
    writeResults: (p) => requests.writeResults(p),
    settings: () => host.settingsNow,
    assets: () => ({ workerUri: 'w.js', wasm: { glueUri: 'g.mjs', binaryUri: 'g.wasm' }, webgpu: null }),
    download: (req, onProgress) => downloadHubModel(req, { onProgress: (p) => onProgress(p.received, p.total) }),
    openSettings: (s) => void log.push(`open ${s}`),
    fileName: (uri) => uri.split('/').pop()!,
    log: (m) => void log.push(m),
  };
  return { host, posted, log };
}

const local: PlaygroundSettings = { model: resolve(TINY_DIR), precision: 'q8', device: 'auto', mirror: '' };
const lastModel = (posted: ToPlaygroundView[]): ModelStatus | undefined => {
  for (let i = posted.length - 1; i >= 0; i--) {
    const m = posted[i]!;
    if (m.type === 'model') return m.model;
    if (m.type === 'state') return m.state.model;
  }
  return undefined;
};

test('nothing is posted before ready; then the state has the tasks, the local model, and the selection', async () => {
  const { host, posted, log } = makeHost(local);
  const c = new PlaygroundController(host, mixtureUri);
  await c.selectTask('mrpc');
  await c.handle({ type: 'bogus' });
  assert.equal(posted.length, 0, 'nothing before ready');
  assert.match(log[0]!, /dropped a malformed message/);
  await c.handle({ type: 'ready' });
  const state = posted.find((m) => m.type === 'state');
  assert.ok(state?.type === 'state');
  assert.equal(state.state.mixture?.name, 'small_glue_with_data');
  assert.deepEqual(state.state.tasks.map((t) => [t.name, t.prefix, t.hasData, t.hasEval]), [
    ['sst2', 'sst2 sentence:', true, true],
    ['mrpc', 'mrpc sentence1:', true, false],
    ['qnli', 'qnli question:', true, false],
  ]);
  assert.equal(state.state.selectedTask, 'mrpc');
  assert.equal(state.state.model.kind, 'ready');
  assert.ok(state.state.model.kind === 'ready' && state.state.model.baseUri === `https://webview.test${resolve(TINY_DIR)}/`);

  await c.selectTask('qnli');
  assert.deepEqual(posted[posted.length - 1], { type: 'selectTask', name: 'qnli' });
});

test('records come formatted as T5 sees them; a task without an eval file says so', async () => {
  const { host, posted } = makeHost(local);
  const c = new PlaygroundController(host, mixtureUri);
  await c.handle({ type: 'ready' });
  await c.handle({ type: 'requestExamples', requestId: 1, task: 'sst2', split: 'train', count: 2 });
  const ex = posted[posted.length - 1]!;
  assert.ok(ex.type === 'examples' && ex.requestId === 1);
  assert.equal(ex.examples.length, 2);
  assert.ok(ex.examples.every((r) => r.input?.startsWith('sst2 sentence: ') && r.target !== undefined));
  assert.match(ex.file ?? '', /sst2\.train\.jsonl$/);
  await c.handle({ type: 'requestExamples', requestId: 2, task: 'mrpc', split: 'eval', count: 1 });
  const none = posted[posted.length - 1]!;
  assert.ok(none.type === 'examples' && none.examples.length === 0 && /has no `eval` file/.test(none.error ?? ''));
  await c.handle({ type: 'requestExamples', requestId: 3, task: 'nope', split: 'train', count: 1 });
  const unknown = posted[posted.length - 1]!;
  assert.ok(unknown.type === 'examples' && /no task 'nope'/.test(unknown.error ?? ''));
});

test('a setting change re-resolves the model; a nonsense setting is an error in words', async () => {
  const { host, posted } = makeHost(local);
  const c = new PlaygroundController(host, undefined);
  await c.handle({ type: 'ready' });
  const first = posted.find((m) => m.type === 'state');
  assert.ok(first?.type === 'state' && first.state.mixture === null && first.state.tasks.length === 0);
  host.settingsNow = { ...local, model: 'not a model' };
  await c.settingsChanged();
  const m = lastModel(posted);
  assert.ok(m?.kind === 'error' && /taskmix\.playground\.model: "not a model" is neither a model folder/.test(m.message));
});

test('once no editor shows a mixture, the state has none: no "Tasks of <mixture>", no tasks, no selection', async () => {
  const { host, posted } = makeHost(local);
  const c = new PlaygroundController(host, mixtureUri);
  await c.handle({ type: 'ready' });
  await c.selectTask('sst2');
  assert.equal(c.followed, mixtureUri);
  await c.follow(undefined);
  const last = posted[posted.length - 1]!;
  assert.ok(last.type === 'state', 'the view is told');
  assert.equal(last.state.mixture, null);
  assert.deepEqual(last.state.tasks, []);
  assert.equal(last.state.selectedTask, null);
  assert.equal(c.followed, undefined);
  // Opening it again brings the tasks back.
  await c.follow(mixtureUri);
  const again = posted[posted.length - 1]!;
  assert.ok(again.type === 'state' && again.state.mixture?.name === 'small_glue_with_data' && again.state.tasks.length === 3);
});

test('a hub model: sized, downloaded with progress to the view, then ready from the cache', async () => {
  hub.behaviour = FakeHub.plain();
  const { host, posted } = makeHost({ model: ID, precision: 'q8', device: 'auto', mirror: hub.base });
  const c = new PlaygroundController(host, undefined);
  await c.handle({ type: 'ready' });
  const sized = lastModel(posted);
  assert.ok(sized?.kind === 'notDownloaded' && sized.bytes !== null && sized.bytes > 0, JSON.stringify(sized));
  await c.handle({ type: 'downloadModel' });
  const progress = posted.filter((m) => m.type === 'model' && m.model.kind === 'downloading');
  assert.ok(progress.length >= 2);
  const ready = lastModel(posted);
  assert.ok(ready?.kind === 'ready' && ready.source === 'hub');
  assert.deepEqual([...ready.files].sort(), [...Q8_FILES].sort());
  // A new view (panel reopened) finds it in the cache.
  const again = makeHost({ model: ID, precision: 'q8', device: 'auto', mirror: hub.base });
  const c2 = new PlaygroundController(again.host, undefined);
  await c2.handle({ type: 'ready' });
  assert.equal(lastModel(again.posted)?.kind, 'ready');
});

test('offline: the panel says so and how to point at a local folder', async () => {
  const { host, posted } = makeHost({ model: 'someone/other-t5', precision: 'q8', device: 'auto', mirror: 'http://127.0.0.1:9' });
  const c = new PlaygroundController(host, undefined);
  await c.handle({ type: 'ready' });
  const m = lastModel(posted);
  assert.ok(m?.kind === 'offline', JSON.stringify(m));
  assert.match(m.message, /^Offline: cannot reach 127\.0\.0\.1:9 .*set taskmix\.playground\.model to a local folder/);
  await c.handle({ type: 'downloadModel' });
  assert.equal(lastModel(posted)?.kind, 'offline');
});
