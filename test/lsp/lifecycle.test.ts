import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { ExitNotification, InitializeRequest, ShutdownRequest } from 'vscode-languageserver-protocol';
import { LspClient, serverPath, tempWorkspace } from './harness';

test('initialize announces the features, and shutdown + exit ends the process with 0', async () => {
  const client = await LspClient.start();
  const caps = client.initializeResult.capabilities;
  assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  for (const feature of ['hoverProvider', 'completionProvider', 'inlayHintProvider', 'codeLensProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'codeActionProvider'] as const) {
    assert.ok(caps[feature], `${feature} is announced`);
  }
  assert.equal(await client.stop(), 0);
});

test('the example mixtures open without errors and their diagnostics carry the version', async () => {
  const ws = tempWorkspace();
  const client = await LspClient.start();
  try {
    for (const name of ['glue.mixture.yaml', 'multilingual-unimax.mixture.yaml', 'nested.mixture.yaml', 'translation.mixture.yaml']) {
      const uri = await client.open(join(ws.dir, name));
      const published = await client.diagnosticsFor(uri, 1);
      const errors = published.diagnostics.filter((d) => d.severity === 1);
      assert.deepEqual(errors, [], `${name}: ${JSON.stringify(errors)}`);
    }
    assert.ok(client.registrations.length > 0, 'file watchers are registered');
    assert.ok(client.configurationRequests > 0, 'settings are pulled from the client');
  } finally {
    assert.equal(await client.stop(), 0);
    ws.cleanup();
  }
});

test('the same server runs over Node IPC, as the VS Code client starts it', async () => {
  const child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(result.serverInfo?.name, 'taskmix');
    assert.equal(result.capabilities.hoverProvider, true);
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
});

test('a server killed without shutdown does not hang its client: exit without shutdown exits with 1', async () => {
  const client = await LspClient.start();
  await client.notify0(ExitNotification.type);
  const code = await new Promise<number | null>((r) => client.process.once('exit', (c) => r(c)));
  assert.equal(code, 1);
  client.connection.dispose();
});
