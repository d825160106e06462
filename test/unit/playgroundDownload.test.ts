// The model download manager against a loopback hub (127.0.0.1, started and stopped here) that serves the tiny
// T5's files and a hub-style listing (`/api/models/<id>/tree/main`, paged, with sizes, LFS sha256 and git sha1):
// a full download verified and cached, a broken connection resumed with a Range request, a size and a hash that
// do not match, cancellation then resume, offline, an unknown id, and a precision the hub lacks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedHubModel, downloadHubModel, modelCacheDir, plannedDownload, type DownloadProgress, type HubModelRequest } from '../../client/src/models/downloadManager';
import { ModelDownloadError } from '../../client/src/models/downloadErrors';
import { readyStatus, remoteModelStatus } from '../../client/src/views/playgroundModel';
import { FakeHub, filesOf, ID, Q8_FILES } from './helpers/playgroundFakeHub';
import { ensureTinyT5, TINY_DIR } from './helpers/t5Fixture';

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

test('an id or revision with a ".." segment is refused before anything is fetched or written', async () => {
  for (const bad of [{ revision: '..' }, { revision: 'refs/../..' }, { id: 'test/..' }, { id: '../tiny-t5' }]) {
    const req = request(bad);
    const from = hub.log.length;
    await rejectsWith(downloadHubModel(req), 'BAD_ID', /^not a Hugging Face model id: .*"\.\."/);
    await rejectsWith(plannedDownload(req), 'BAD_ID', /"\.\."/);
    assert.equal(cachedHubModel(req), undefined);
    assert.throws(() => modelCacheDir(req), /not a hub model id/);
    assert.equal(hub.log.length, from, 'no request');
    assert.deepEqual(readdirSync(req.cacheRoot), [], 'nothing written');
  }
});

test('a cached model is served only for the id and revision it was downloaded for', async () => {
  hub.behaviour = FakeHub.plain();
  const req = request();
  const got = await downloadHubModel(req);
  assert.deepEqual(JSON.parse(readFileSync(join(got.dir, '.taskmix-model.json'), 'utf8')), { id: ID, revision: 'main' });
  // Another model's folder holding these files (copied, or left by something else): not served as that model.
  const other = { ...req, id: 'test/other-t5' };
  cpSync(got.dir, modelCacheDir(other), { recursive: true });
  assert.equal(cachedHubModel(other), undefined);
  const otherManifest = join(modelCacheDir(other), '.taskmix-q8.json');
  writeFileSync(otherManifest, readFileSync(otherManifest, 'utf8').replace(ID, other.id));
  assert.equal(cachedHubModel(other), undefined, 'the manifest alone does not make it that model');
  const sameIdOtherRevision = { ...req, revision: 'refs/pr/1' };
  cpSync(got.dir, modelCacheDir(sameIdOtherRevision), { recursive: true });
  assert.equal(cachedHubModel(sameIdOtherRevision), undefined);
  // A manifest naming a file outside the export layout, or for another precision's request, is not used.
  const own = join(got.dir, '.taskmix-q8.json');
  const text = readFileSync(own, 'utf8');
  writeFileSync(own, text.replace('"config.json"', '"../../config.json"'));
  assert.equal(cachedHubModel(req), undefined);
  writeFileSync(own, text.replace(`"id": "${ID}"`, '"id": "test/other-t5"'));
  assert.equal(cachedHubModel(req), undefined);
  writeFileSync(own, text);
  assert.deepEqual(cachedHubModel(req), got);
});

test('a download into a folder that is not this model\'s starts it empty (so no stale file passes a size check)', async () => {
  // Without hashes a file of the right size would be kept: the folder must be emptied, not trusted.
  hub.behaviour = { ...FakeHub.plain(), unhashed: () => true };
  const req = request();
  const dir = modelCacheDir(req);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), Buffer.alloc(statSync(join(TINY_DIR, 'config.json')).size, 0x20));
  writeFileSync(join(dir, 'stray.bin'), 'left by something else');
  const got = await downloadHubModel(req);
  sameAsTiny(got.dir, got.files);
  assert.ok(!existsSync(join(dir, 'stray.bin')));
});

test('files the hub lists without a hash: the panel says they were checked by size only', async () => {
  const env = { cacheRoot: '', home: '', folderUri: (d: string) => `webview:${d}/` };
  hub.behaviour = { ...FakeHub.plain(), unhashed: (p) => p.endsWith('.json') };
  const req = request();
  const some = await downloadHubModel(req);
  const note = 'The hub gave no hash for config.json, generation_config.json, tokenizer.json, tokenizer_config.json: they were checked by size only, so a changed file would not be noticed.';
  assert.deepEqual(some.notes, [note]);
  assert.deepEqual(cachedHubModel(req)?.notes, [note], 'kept with the download, said again when it opens from the cache');
  const status = readyStatus('test/tiny-t5 (q8)', 'hub', some, env);
  assert.ok(status.kind === 'ready' && status.notes.includes(note));

  hub.behaviour = { ...FakeHub.plain(), unhashed: () => true };
  const none = await downloadHubModel(request());
  assert.deepEqual(none.notes, ['The hub gave no hash for any file: they were checked by size only, so a changed file would not be noticed.']);

  hub.behaviour = { ...FakeHub.plain(), unhashed: (p) => p === 'config.json' };
  assert.match((await downloadHubModel(request())).notes.join(' '), /no hash for config\.json: it was checked by size only/);
  hub.behaviour = FakeHub.plain();
  assert.deepEqual((await downloadHubModel(request())).notes, [], 'every file hashed: nothing to say');
});
