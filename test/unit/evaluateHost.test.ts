// The playground host's half of "Evaluate task" without VS Code: the view's messages checked at run time, the
// predictions scored by the server's code, "Write to results" answered, and a lens start before the view is up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlaygroundController, type PlaygroundHost } from '../../client/src/views/playgroundController';
import { parseFromPlaygroundView, parseToPlaygroundView, type ToPlaygroundView } from '../../contracts/playgroundMessages';
import { CoreTaskRequests } from './helpers/playgroundServerRequests';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-evaluate-host-'));
  cpSync(resolve('examples'), dir, { recursive: true });
  const file = join(dir, 'small-with-data.mixture.yaml');
  const posted: ToPlaygroundView[] = [];
  const requests = new CoreTaskRequests();
  const host: PlaygroundHost = {
    cacheRoot: dir,
    home: dir,
    folderUri: (d) => `https://webview.test${d}/`,
    post: (m) => void posted.push(m),
    tasks: (uri) => requests.tasks(uri),
    examples: (p) => requests.examples(p),
    evaluate: (p) => requests.evaluate(p),
    writeResults: (p) => requests.writeResults(p),
    settings: () => ({ model: '/nonexistent/model', precision: 'q8', device: 'auto', mirror: '' }),
    assets: () => ({ workerUri: 'w.js', wasm: { glueUri: 'g.mjs', binaryUri: 'g.wasm' }, webgpu: null }),
    download: () => Promise.reject(new Error('no downloads here')),
    openSettings: () => undefined,
    fileName: (uri) => uri.split('/').pop()!,
    log: () => undefined,
  };
  return { dir, file, uri: pathToFileURL(file).toString(), posted, host, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('evaluate and writeResults messages: checked on arrival, answered with the server\'s score and edit', async () => {
  const s = setup();
  try {
    const controller = new PlaygroundController(s.host, s.uri);
    await controller.handle({ type: 'ready' });
    const predictions = [{ line: 1, prediction: 'positive' }, { line: 2, prediction: 'positive' }];
    await controller.handle({ type: 'evaluate', requestId: 7, task: 'sst2', predictions });
    const answer = s.posted.find((m) => m.type === 'evaluation');
    assert.ok(answer && answer.type === 'evaluation' && answer.report, JSON.stringify(answer));
    assert.equal(answer.requestId, 7);
    assert.deepEqual(answer.report.metrics, { accuracy: 0.5 });
    assert.deepEqual(answer.report.examples.map((e) => e.references), [['positive'], ['negative']]);

    await controller.handle({ type: 'evaluate', requestId: 8, task: 'qnli', predictions });
    const refused = s.posted.filter((m) => m.type === 'evaluation').at(-1)!;
    assert.ok(refused.type === 'evaluation' && refused.report === null);
    assert.match(refused.error!, /Task 'qnli' has no `eval` file/);

    await controller.handle({ type: 'writeResults', requestId: 9, task: 'sst2', block: 'single_task', metric: 'accuracy', value: 50 });
    const written = s.posted.find((m) => m.type === 'resultsWritten');
    assert.ok(written && written.type === 'resultsWritten' && written.ok, JSON.stringify(written));
    assert.match(readFileSync(s.file, 'utf8'), /single_task: \{sst2: 50, mrpc: 86\.1, qnli: 90\.5\}/);
  } finally {
    s.cleanup();
  }
});

test('a lens start before the view is ready is sent after the ready handshake', async () => {
  const s = setup();
  try {
    const controller = new PlaygroundController(s.host, s.uri);
    await controller.startEvaluation('sst2');
    assert.equal(s.posted.length, 0, 'nothing before ready');
    await controller.handle({ type: 'ready' });
    const types = s.posted.map((m) => m.type);
    assert.ok(types.indexOf('state') < types.indexOf('startEvaluation'), types.join());
    assert.deepEqual(s.posted.find((m) => m.type === 'startEvaluation'), { type: 'startEvaluation', task: 'sst2' });
  } finally {
    s.cleanup();
  }
});

test('malformed evaluation messages are dropped', () => {
  assert.equal(parseFromPlaygroundView({ type: 'evaluate', requestId: 1, task: 'a', predictions: [] }), undefined);
  assert.equal(parseFromPlaygroundView({ type: 'evaluate', requestId: 1, task: 'a', predictions: [{ line: 1 }] }), undefined);
  assert.equal(parseFromPlaygroundView({ type: 'evaluate', requestId: 1, task: 'a', predictions: Array.from({ length: 101 }, () => ({ line: 1, prediction: '' })) }), undefined);
  assert.equal(parseFromPlaygroundView({ type: 'writeResults', requestId: 1, task: 'a', block: 'pairwise', metric: 'f1', value: 1 }), undefined);
  assert.equal(parseFromPlaygroundView({ type: 'writeResults', requestId: 1, task: 'a', block: 'single_task', metric: 'f1', value: Number.NaN }), undefined);
  assert.deepEqual(parseFromPlaygroundView({ type: 'writeResults', requestId: 1, task: 'a', block: 'multi_task', metric: 'f1', value: 1, extra: true }), { type: 'writeResults', requestId: 1, task: 'a', block: 'multi_task', metric: 'f1', value: 1 });
  assert.equal(parseToPlaygroundView({ type: 'evaluation', requestId: 1, report: { metrics: {} } }), undefined);
  assert.equal(parseToPlaygroundView({ type: 'startEvaluation' }), undefined);
  assert.equal(parseToPlaygroundView({ type: 'resultsWritten', requestId: 1, ok: 'yes', message: '' }), undefined);
});
