// taskmix/importMixture over stdio against the bundled server (the request behind "Open as Mixture"): the mixture
// text of an engine's config, the registrations to choose from, and errors with their place as LSP ranges. The
// server finds the Python grammar in dist/tree-sitter/, as the packaged extension does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ExportFormatsRequest, ExportRequest, ImportMixtureRequest } from '../../contracts/lsp';
import { fileUri, LspClient, repoRoot, tempWorkspace } from './harness';

const engines = join(repoRoot, 'test', 'fixtures', 'engines');

test('importMixture: a NeMo config, a seqio file with several registrations, an error at its place', async () => {
  const client = await LspClient.start();
  try {
    const nemo = await client.send(ImportMixtureRequest.type, { uri: fileUri(join(engines, 'nemo', 'launcher_gpt3_5b.yaml')) });
    assert.equal(nemo.format, 'nemo');
    assert.match(nemo.text!, /^mixture: launcher_gpt3_5b$/m);
    assert.equal(nemo.suggestedName, 'launcher_gpt3_5b.mixture.yaml');
    assert.equal(nemo.notes[0]!.range.start.line, 196);

    const flan = fileUri(join(engines, 'seqio', 'flan_v2_run_example.py'));
    const choose = await client.send(ImportMixtureRequest.type, { uri: flan });
    assert.equal(choose.text, null);
    assert.deepEqual(choose.choices, ['cot_submix', 'dialog_submix', 'niv2_submix', 'flan2021_submix', 't0_submix', 'flan2022_submix']);
    const chosen = await client.send(ImportMixtureRequest.type, { uri: flan, mixture: 'flan2022_submix' });
    assert.match(chosen.text!, /^ {4}rate: 0\.025$/m);

    // Unsaved text wins over the file on disk; the error is a range in it.
    const edited = await client.send(ImportMixtureRequest.type, { uri: fileUri(join(engines, 'megatron', 'edited.sh')), text: 'python pretrain_gpt.py \\\n  --data-path 0.5 /d/a oops /d/b\n' });
    assert.match(edited.error!.message, /non-numeric weight/);
    assert.deepEqual(edited.error!.range, { start: { line: 1, character: 23 }, end: { line: 1, character: 27 } });
    await assert.rejects(client.send(ImportMixtureRequest.type, { uri: flan, from: 'keras' }), /unknown engine format/);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('Export Mixture As... offers every engine format, each with its own default file name and extension', async () => {
  const ws = tempWorkspace();
  const client = await LspClient.start();
  try {
    const uri = await client.open(join(ws.dir, 'small-with-data.mixture.yaml'));
    const formats = await client.send0(ExportFormatsRequest.type);
    for (const id of ['megatron', 'megatron-json', 'nemo', 'olmo', 'mosaic', 'huggingface', 'llamafactory', 'seqio']) assert.ok(formats.some((f) => f.id === id), id);
    const names = new Set<string>();
    for (const f of formats) {
      const exported = await client.send(ExportRequest.type, { uri, format: f.id });
      assert.ok(exported.suggestedName.startsWith('small_glue_with_data') && exported.suggestedName.endsWith(f.extension), `${f.id}: ${exported.suggestedName}`);
      names.add(exported.suggestedName);
    }
    assert.equal(names.size, formats.length);
  } finally {
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  }
});
