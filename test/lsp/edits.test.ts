// The server owns every edit of mixture text: `taskmix/samplingEdit` (the Balance Preview's Apply) answers LSP text
// edits for the document's current version that, applied, give the expected text (CRLF kept), and `taskmix/tasks`
// lists where each of the file's own tasks is named (what "reveal task" selects), through the bundled server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SamplingEditRequest, TasksRequest } from '../../contracts/lsp';
import { fileUri, LspClient, tempWorkspace } from './harness';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

describe('Mixture edits over LSP', () => {
  const ws = tempWorkspace();
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
  });

  after(async () => {
    await client.stop();
    ws.cleanup();
  });

  test('taskmix/samplingEdit: applied to the CRLF buffer, it gives the expected text; asked again, nothing to do', async () => {
    const file = join(ws.dir, 'glue.mixture.yaml');
    const text = crlf(readFileSync(file, 'utf8'));
    assert.match(text, /\r\n {2}temperature: 2\r\n {2}cap: 2097152 +# K = 2\^21\r\n/);
    const uri = await client.open(file, text);
    await client.diagnosticsFor(uri, 1);

    const answer = await client.send(SamplingEditRequest.type, { uri, temperature: 8.04, cap: null });
    assert.equal(answer.error, undefined, answer.error);
    assert.equal(answer.version, 1);
    const applied = TextDocument.applyEdits(TextDocument.create(uri, 'mixture-yaml', 1, text), answer.edits);
    assert.equal(applied, text.replace('  temperature: 2\r\n', '  temperature: 8.04\r\n').replace(/ {2}cap: 2097152 +# K = 2\^21\r\n/, ''));

    // The buffer now says so: the answer for its new version has nothing to change.
    const version = await client.change(uri, [{ text: applied }]);
    const again = await client.send(SamplingEditRequest.type, { uri, temperature: 8.04, cap: null });
    assert.deepEqual(again, { version, edits: [] });

    // A cap again, and another T: the values replaced and `cap` added after the last key, in CRLF.
    const capped = await client.send(SamplingEditRequest.type, { uri, temperature: 3, cap: 65536 });
    const next = TextDocument.applyEdits(TextDocument.create(uri, 'mixture-yaml', version, applied), capped.edits);
    assert.equal(next, applied.replace('  temperature: 8.04\r\n', '  temperature: 3\r\n  cap: 65536\r\n'));
  });

  test('taskmix/samplingEdit: a file without sampling gets a block before tasks; a broken file is refused with a reason', async () => {
    const file = join(ws.dir, 'plain.mixture.yaml');
    const text = 'mixture: plain\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n';
    const uri = await client.open(file, text);
    const answer = await client.send(SamplingEditRequest.type, { uri, temperature: 2, cap: 100 });
    const applied = TextDocument.applyEdits(TextDocument.create(uri, 'mixture-yaml', 1, text), answer.edits);
    assert.equal(applied, 'mixture: plain\nsampling:\n  strategy: temperature\n  temperature: 2\n  cap: 100\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 10\n');

    const version = await client.change(uri, [{ text: 'mixture: [\ntasks: []\n' }]);
    const refused = await client.send(SamplingEditRequest.type, { uri, temperature: 2, cap: null });
    assert.deepEqual(refused.edits, []);
    assert.equal(refused.version, version);
    assert.match(refused.error!, /YAML syntax errors/);
    assert.match((await client.send(SamplingEditRequest.type, { uri, temperature: 0, cap: null })).error!, /temperature must be a number > 0/);
  });

  test('taskmix/samplingEdit: a file that is not open, or params of the wrong type, are request errors', async () => {
    const closed = join(ws.dir, 'translation.mixture.yaml');
    await assert.rejects(client.send(SamplingEditRequest.type, { uri: fileUri(closed), temperature: 2, cap: null }), /Open the mixture in the editor/);
    const file = join(ws.dir, 'small-with-data.mixture.yaml');
    const uri = await client.open(file);
    await assert.rejects(client.requestUnchecked(SamplingEditRequest.type, { uri, temperature: '2', cap: null }), /temperature must be a number/); // unchecked: a string temperature
    await assert.rejects(client.requestUnchecked(SamplingEditRequest.type, { uri, temperature: 2 }), /cap must be a number or null/); // unchecked: cap left out
  });

  test('taskmix/tasks: each task of the file has the range of its name (CRLF too); an included task has none', async () => {
    const file = join(ws.dir, 'nested.mixture.yaml');
    const text = crlf(readFileSync(file, 'utf8'));
    const uri = await client.open(file, text);
    const doc = TextDocument.create(uri, 'mixture-yaml', 1, text);
    const { tasks } = await client.send(TasksRequest.type, { uri });
    const own = tasks.find((t) => t.name === 'cnn_dailymail')!;
    assert.ok(own.nameRange);
    assert.equal(doc.getText(own.nameRange), 'cnn_dailymail');
    assert.equal(own.nameRange.start.line, 9);
    const included = tasks.filter((t) => t.name !== 'cnn_dailymail');
    assert.ok(included.some((t) => t.name === 'cola'));
    for (const t of included) assert.equal(t.nameRange, null, t.name);

    // While the file has errors the list is its own items as written, still with their name ranges.
    const broken = text.replace('examples: 287113', 'examples: -1');
    const version = await client.change(uri, [{ text: broken }]);
    await client.diagnosticsFor(uri, version);
    const listed = (await client.send(TasksRequest.type, { uri })).tasks.find((t) => t.name === 'cnn_dailymail')!;
    assert.equal(TextDocument.create(uri, 'mixture-yaml', version, broken).getText(listed.nameRange!), 'cnn_dailymail');
  });
});
