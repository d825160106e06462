// The model setting (folder or hub id), which export files are loaded for a precision, a local folder's check,
// and the status the panel gets without network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkLocalModel } from '../../client/src/models/localModel';
import { cacheFolderName, hubIdProblem, parseModelSetting, selectModelFiles } from '../../client/src/models/modelSpec';
import { localModelStatus } from '../../client/src/views/playgroundModel';
import { copyOfTiny, ensureTinyT5, TINY_DIR } from './helpers/t5Fixture';

ensureTinyT5();

test('the model setting: folders, hub ids with revisions, the default, and nonsense', () => {
  assert.deepEqual(parseModelSetting('', '/home/u'), { kind: 'hub', id: 'Xenova/flan-t5-small', revision: 'main' });
  assert.deepEqual(parseModelSetting(' Xenova/t5-small ', '/home/u'), { kind: 'hub', id: 'Xenova/t5-small', revision: 'main' });
  assert.deepEqual(parseModelSetting('me/my.model-v2@refs/pr/3', '/h'), { kind: 'hub', id: 'me/my.model-v2', revision: 'refs/pr/3' });
  assert.deepEqual(parseModelSetting('/models/t5', '/h'), { kind: 'local', dir: '/models/t5' });
  assert.deepEqual(parseModelSetting('~/models/t5', '/home/u'), { kind: 'local', dir: '/home/u/models/t5' });
  assert.deepEqual(parseModelSetting('C:\\models\\t5', '/h'), { kind: 'local', dir: 'C:\\models\\t5' });
  for (const bad of ['t5-small', 'a/b/c', '../x/', 'a/..', 'a/b@']) {
    const r = parseModelSetting(bad, '/h');
    if (bad === '../x/') assert.deepEqual(r, { kind: 'local', dir: '../x/' });
    else assert.ok('error' in r && r.error.includes(`"${bad}"`), `${bad}: ${JSON.stringify(r)}`);
  }
});

test('hub ids and revisions with "." or ".." segments (or anything else a path could use) are refused, saying why', () => {
  const why: [string, RegExp][] = [
    ['owner/name@..', /the revision "\.\." has a "\.\." segment/],
    ['owner/name@.', /the revision "\." has a "\." segment/],
    ['owner/name@refs/../main', /the revision "refs\/\.\.\/main" has a "\.\." segment/],
    ['owner/name@refs/./pr', /has a "\." segment/],
    ['owner/name@/main', /has an empty "\/" segment/],
    ['owner/name@main/', /has an empty "\/" segment/],
    ['owner/name@ma in', /characters other than/],
    ['owner/name@main\\..', /characters other than/],
    ['owner/..', /"owner\/\.\." has a "\.\." part/],
    ['./name', undefined as unknown as RegExp],
    ['owner/.hidden', /"\.hidden" in "owner\/\.hidden" is not a hub name/],
    ['owner/a..b', /is not a hub name/],
    ['a/b/c@main', /is not owner\/name/],
    ['owner/name@', /the revision after "@" is empty/],
  ];
  for (const [value, message] of why) {
    const r = parseModelSetting(value, '/h');
    if (value === './name') {
      assert.deepEqual(r, { kind: 'local', dir: './name' }, 'a ./ path is a folder');
      continue;
    }
    assert.ok('error' in r, `${value} is refused: ${JSON.stringify(r)}`);
    assert.match(r.error, message, value);
    assert.match(r.error, /like Xenova\/flan-t5-small/);
  }
  for (const [id, revision] of [['owner/name', '..'], ['owner/..', 'main'], ['owner/name', 'a/../b']] as const) {
    assert.match(hubIdProblem(id, revision) ?? '', /\.\./);
    assert.throws(() => cacheFolderName(id, revision), /not a hub model id/);
  }
  assert.equal(hubIdProblem('me/my.model-v2', 'refs/pr/3'), undefined);
  assert.equal(hubIdProblem('me/m', '0123abcd'), undefined);
});

test('the cache folder is one plain name per id and revision, keyed by their hash', () => {
  const names = new Set<string>();
  for (const id of ['Xenova/flan-t5-small', 'xenova/flan-t5-small', 'Xenova/flan-t5-base', 'a/b']) {
    for (const revision of ['main', 'refs/pr/3', 'refs_pr_3', 'v1.0']) {
      const name = cacheFolderName(id, revision);
      assert.match(name, /^[A-Za-z0-9][A-Za-z0-9._-]*--[0-9a-f]{32}$/, name);
      assert.ok(name.startsWith(id.replace('/', '--') + '--'), name);
      // Case differs, the revision's "/" and "_" differ: every pair gets its own folder (also where case is ignored).
      assert.ok(!names.has(name.toLowerCase()), `${id}@${revision} shares ${name}`);
      names.add(name.toLowerCase());
    }
  }
  assert.equal(cacheFolderName('a/b', 'main'), cacheFolderName('a/b', 'main'));
});

test('file selection: merged decoder first, split pair otherwise, precision fallback with a note, missing files named', () => {
  const all = new Set(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']);
  assert.deepEqual(selectModelFiles(all, 'q8'), {
    precision: 'q8',
    files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx'],
    missing: [],
    notes: [],
  });
  const fp32Split = new Set(['config.json', 'tokenizer.json', 'onnx/encoder_model.onnx', 'onnx/decoder_model.onnx', 'onnx/decoder_with_past_model.onnx']);
  const s = selectModelFiles(fp32Split, 'q8');
  assert.equal(s.precision, 'fp32');
  assert.deepEqual(s.files, ['config.json', 'tokenizer.json', 'onnx/encoder_model.onnx', 'onnx/decoder_model.onnx', 'onnx/decoder_with_past_model.onnx']);
  assert.match(s.notes[0]!, /No q8 export here/);
  const broken = selectModelFiles(new Set(['config.json', 'onnx/encoder_model.onnx']), 'fp32');
  assert.deepEqual(broken.missing, ['tokenizer.json', 'onnx/decoder_model.onnx', 'onnx/decoder_with_past_model.onnx']);
});

test('a local folder: its files for the precision, or a clear message; the status needs no network', () => {
  const ok = checkLocalModel(TINY_DIR, 'q8');
  assert.ok(ok.ok);
  assert.deepEqual(ok.files, ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']);
  assert.deepEqual(checkLocalModel('/no/such/dir', 'q8'), { ok: false, dir: '/no/such/dir', message: '/no/such/dir: no such folder' });
  assert.deepEqual(checkLocalModel(join(TINY_DIR, 'config.json'), 'q8'), { ok: false, dir: resolve(TINY_DIR, 'config.json'), message: `${resolve(TINY_DIR, 'config.json')}: not a folder` });

  const env = { cacheRoot: '/nonexistent-cache', home: '/h', folderUri: (d: string) => `https://webview/${d}/` };
  const status = localModelStatus({ model: resolve(TINY_DIR), precision: 'fp32', device: 'auto', mirror: '' }, env);
  assert.equal(status.kind, 'ready');
  assert.ok(status.kind === 'ready' && status.baseUri === `https://webview/${resolve(TINY_DIR)}/` && status.files.includes('onnx/encoder_model.onnx'));
  // A hub id that was never downloaded: nothing to load yet, and no request made to find that out.
  assert.deepEqual(localModelStatus({ model: 'Xenova/flan-t5-small', precision: 'q8', device: 'auto', mirror: '' }, env), { kind: 'notDownloaded', label: 'Xenova/flan-t5-small (q8)', bytes: null });
  assert.deepEqual(localModelStatus({ model: 'nonsense', precision: 'q8', device: 'auto', mirror: '' }, env).kind, 'error');

  const dir = copyOfTiny();
  try {
    rmSync(join(dir, 'onnx/encoder_model_quantized.onnx'));
    const fallback = checkLocalModel(dir, 'q8');
    assert.ok(fallback.ok && fallback.precision === 'fp32' && fallback.notes.length === 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
