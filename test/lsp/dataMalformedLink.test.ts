// A data file with a record that does not parse: the error at `data:` links (related information) to that file
// at the bad line, so the editor opens it there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileUri, LspClient, tempWorkspace } from './harness';

const ws = tempWorkspace();
let client: LspClient;
before(async () => {
  client = await LspClient.start({});
});
after(async () => {
  assert.equal(await client.stop(), 0);
  ws.cleanup();
});

test('data-malformed: related information opens the data file at the bad line', async () => {
  mkdirSync(join(ws.dir, 'broken'), { recursive: true });
  const data = join(ws.dir, 'broken', 'a.jsonl');
  // The first records are parsed (later lines are only shape-checked): line 3 is one of them.
  writeFileSync(data, '{"input": "x", "target": "y"}\n{"input": "x", "target": "y"}\n{"input": oops}\n{"input": "x", "target": "y"}\n');
  const path = join(ws.dir, 'broken.mixture.yaml');
  const text = 'mixture: broken\nsampling: {strategy: proportional}\ntasks:\n  - name: a\n    prefix: "a:"\n    data: broken/a.jsonl\n';
  writeFileSync(path, text);
  const uri = await client.open(path, text);
  // The first publication may come before the data file is read; the count's outcome follows.
  let published = await client.diagnosticsFor(uri);
  for (let n = 1; !published.diagnostics.some((x) => x.code === 'data-malformed') && n < 5; n++) published = await client.nextDiagnostics(uri, n);
  const d = published.diagnostics.find((x) => x.code === 'data-malformed');
  assert.ok(d, JSON.stringify(published.diagnostics));
  assert.deepEqual(d.range, { start: { line: 5, character: 10 }, end: { line: 5, character: 24 } });
  assert.deepEqual(d.relatedInformation, [
    { location: { uri: fileUri(data), range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } } }, message: 'Line 3 of broken/a.jsonl' },
  ]);
});
