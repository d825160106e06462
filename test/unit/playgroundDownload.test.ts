// The model download manager against a loopback hub (127.0.0.1, started and stopped here) that serves the tiny
// T5's files and a hub-style listing (`/api/models/<id>/tree/main`, paged, with sizes, LFS sha256 and git sha1):
// a full download verified and cached, a broken connection resumed with a Range request, a size and a hash that
// do not match, cancellation then resume, offline, an unknown id, and a precision the hub lacks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedHubModel, downloadHubModel, modelCacheDir, type DownloadProgress, type HubModelRequest } from '../../client/src/models/downloadManager';
import { ModelDownloadError } from '../../client/src/models/downloadErrors';
import { remoteModelStatus } from '../../client/src/views/playgroundModel';
import { FakeHub, filesOf, ID, Q8_FILES } from './playgroundFakeHub';
import { ensureTinyT5, TINY_DIR } from './t5Fixture';

ensureTinyT5();

const hub = new FakeHub();
const roots: string[] = [];
before(() => hub.start());
after(async () => {
  await hub.stop();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function request(overrides: Partial<HubModelRequest> = {}): HubModelRequest {
  const cacheRoot = mkdtempSync(join(tmpdir(), 'taskmix-models-'));
  roots.push(cacheRoot);
  return { base: hub.base, id: ID, revision: 'main', precision: 'q8', cacheRoot, ...overrides };
}

function sameAsTiny(dir: string, files: string[]): void {
  for (const f of files) assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(TINY_DIR, f))), `${f} matches the original`);
}

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ModelDownloadError, `a ModelDownloadError, not ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

test('downloads the q8 files (paged listing, redirects), verifies them, and opens the cache with no network', async () => {
  hub.behaviour = FakeHub.plain();
  const req = request();
  const progress: DownloadProgress[] = [];
  const got = await downloadHubModel(req, { onProgress: (p) => progress.push(p) });
  assert.equal(got.dir, modelCacheDir(req));
  assert.equal(got.precision, 'q8');
  assert.deepEqual([...got.files].sort(), [...Q8_FILES].sort());
  sameAsTiny(got.dir, got.files);
  const total = Q8_FILES.reduce((a, f) => a + statSync(join(TINY_DIR, f)).size, 0);
  assert.ok(progress.length > 0 && progress.every((p) => p.total === total));
  assert.ok(progress.every((p, i) => i === 0 || p.received >= progress[i - 1]!.received), 'progress only grows');
  assert.equal(progress[progress.length - 1]!.received, total);
  assert.ok(!filesOf(got.dir).some((f) => f.endsWith('.part')));

  const requests = hub.log.length;
  assert.deepEqual(cachedHubModel(req), got);
  assert.deepEqual(await downloadHubModel(req), got);
  assert.equal(hub.log.length, requests, 'a cached model makes no request');
});

test('a broken connection is resumed with a Range request from where it stopped', async () => {
  hub.behaviour = { ...FakeHub.plain(), cutOnce: new Set(['onnx/encoder_model_quantized.onnx']) };
  const from = hub.log.length;
  const req = request();
  const got = await downloadHubModel(req);
  sameAsTiny(got.dir, got.files);
  const size = statSync(join(TINY_DIR, 'onnx/encoder_model_quantized.onnx')).size;
  const encoderGets = hub.log.slice(from).filter((r) => r.path === '/cdn/onnx/encoder_model_quantized.onnx');
  assert.equal(encoderGets.length, 2);
  assert.equal(encoderGets[0]!.range, undefined);
  const resumedAt = Number(/^bytes=(\d+)-$/.exec(encoderGets[1]!.range ?? '')?.[1]);
  assert.ok(resumedAt > 0 && resumedAt < size, `resumed at ${resumedAt} of ${size}`);
});

test('without retries, an interrupted download fails clearly, keeps its part, and the next call resumes', async () => {
  hub.behaviour = { ...FakeHub.plain(), cutOnce: new Set(['onnx/decoder_model_merged_quantized.onnx']) };
  const req = request();
  await rejectsWith(downloadHubModel(req, { retries: 0 }), 'INTERRUPTED', /^onnx\/decoder_model_merged_quantized\.onnx: the download (broke|stopped) after \d+ of \d+ bytes/);
  const part = join(modelCacheDir(req), 'onnx/decoder_model_merged_quantized.onnx.part');
  const kept = existsSync(part) ? statSync(part).size : 0;
  assert.ok(kept > 0);
  const from = hub.log.length;
  const got = await downloadHubModel(req, { retries: 0 });
  sameAsTiny(got.dir, got.files);
  const resumed = hub.log.slice(from).find((r) => r.path === '/cdn/onnx/decoder_model_merged_quantized.onnx');
  assert.equal(resumed?.range, `bytes=${kept}-`);
  assert.ok(!existsSync(part));
});

test('a file whose size is not the listing\'s is rejected and nothing of it is kept', async () => {
  hub.behaviour = { ...FakeHub.plain(), lieSize: new Set(['tokenizer.json']) };
  const req = request();
  await rejectsWith(downloadHubModel(req), 'SIZE_MISMATCH', /^tokenizer\.json: the server sends \d+ bytes, the listing says \d+/);
  assert.ok(!existsSync(join(modelCacheDir(req), 'tokenizer.json')));
  assert.ok(!existsSync(join(modelCacheDir(req), 'tokenizer.json.part')));
  assert.equal(cachedHubModel(req), undefined);
});

test('content that does not match the hub\'s sha256 (LFS) or git sha1 is rejected and deleted', async () => {
  for (const path of ['onnx/encoder_model_quantized.onnx', 'config.json']) {
    hub.behaviour = { ...FakeHub.plain(), corrupt: new Set([path]) };
    const req = request();
    await rejectsWith(downloadHubModel(req), 'HASH_MISMATCH', new RegExp(`^${path.replace(/\./g, '\\.')}: (sha256|git sha1) is [0-9a-f]+, the hub says [0-9a-f]+`));
    assert.ok(!existsSync(join(modelCacheDir(req), path)));
    assert.ok(!existsSync(join(modelCacheDir(req), path + '.part')));
  }
});

test('cancelling stops the download, keeps what arrived, and a later download resumes it', async () => {
  hub.behaviour = { ...FakeHub.plain(), slow: new Set(['onnx/decoder_model_merged_quantized.onnx']) };
  const req = request();
  const abort = new AbortController();
  const pending = downloadHubModel(req, {
    signal: abort.signal,
    onProgress: (p) => {
      if (p.file === 'onnx/decoder_model_merged_quantized.onnx') abort.abort();
    },
  });
  await rejectsWith(pending, 'CANCELLED', /cancelled/);
  const part = join(modelCacheDir(req), 'onnx/decoder_model_merged_quantized.onnx.part');
  assert.ok(existsSync(part) && statSync(part).size > 0, 'the part stays');
  hub.behaviour = FakeHub.plain();
  const from = hub.log.length;
  const got = await downloadHubModel(req);
  sameAsTiny(got.dir, got.files);
  const resumed = hub.log.slice(from).find((r) => r.path === '/cdn/onnx/decoder_model_merged_quantized.onnx');
  assert.match(resumed?.range ?? '', /^bytes=[1-9]\d*-$/);
});

test('offline, an unknown id, and a model without the q8 export', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const a = closed.address();
  const deadBase = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  await new Promise((r) => closed.close(r));
  await rejectsWith(downloadHubModel(request({ base: deadBase })), 'OFFLINE', /^cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  const status = await remoteModelStatus({ model: ID, precision: 'q8', device: 'auto', mirror: deadBase }, { cacheRoot: request().cacheRoot, home: tmpdir(), folderUri: (d) => d });
  assert.equal(status.kind, 'offline');
  assert.ok(status.kind === 'offline' && /set taskmix\.playground\.model to a local folder/.test(status.message));

  await rejectsWith(downloadHubModel(request({ id: 'nobody/nothing' })), 'NOT_FOUND', /no model "nobody\/nothing"/);

  hub.behaviour = { ...FakeHub.plain(), hidden: (p) => p.includes('_quantized') };
  const got = await downloadHubModel(request());
  assert.equal(got.precision, 'fp32');
  assert.match(got.notes.join(' '), /No q8 export here \(onnx\/encoder_model_quantized\.onnx\); using fp32/);
  assert.ok(got.files.includes('onnx/encoder_model.onnx'));
  sameAsTiny(got.dir, got.files);
});
