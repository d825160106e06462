// API-level checks inside the extension host of a real VS Code, on the packaged extension.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { paceNote, scaled } from '../pace';
import { adoptRunPace } from './runPace';

adoptRunPace();

const EXTENSION_ID = 'taskmix.taskmix';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls `probe` for up to `quietMs` scaled to the run's measured pace (pace.ts). */
async function poll<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, quietMs = 10_000): Promise<T> {
  const timeoutMs = scaled(quietMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${paceNote()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('TaskMix in the extension host', () => {
  let extension: vscode.Extension<unknown>;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed`);
    extension = found;
  });

  it('activates on opening a mixture file (not before, unless it asks to start eagerly)', async () => {
    const events = (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    const eager = events.some((e) => e === '*' || e === 'onStartupFinished' || e.startsWith('workspaceContains:'));
    if (!eager) assert.equal(extension.isActive, false, 'no mixture file is open yet, so the extension is not active');
    const started = Date.now();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('glue.mixture.yaml'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'mixture-yaml');
    await poll('the extension to activate', () => extension.isActive, 20_000);
    // A figure for the report, not a pass/fail criterion.
    console.log(`[taskmix-e2e] activation: ${Date.now() - started} ms from opening the file`);
  });

  it('registers every command it contributes', async () => {
    const contributed = ((extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [])
      .map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('reports no problems on the GLUE example', async () => {
    const uri = workspaceFile('glue.mixture.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // An empty list is only meaningful once the server has analysed the file: its inlay hints (rates) prove it.
    const range = new vscode.Range(0, 0, 1000, 0);
    await poll('inlay hints on the GLUE example', async () => {
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, range);
      return hints.length > 0;
    }, 20_000);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length === 0, 'no diagnostics');
    assert.deepEqual(diagnostics.map((d) => `${d.code}: ${d.message}`), []);
  });

  it('reports a duplicate prefix at both tasks, with the code and the other side', async () => {
    const uri = workspaceFile('glue.mixture.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const line = findLine(doc, 'prefix: "sst2 sentence:"');
    const original = doc.getText();
    try {
      await editor.edit((b) => b.replace(doc.lineAt(line).range, doc.lineAt(line).text.replace('sst2 sentence:', 'cola sentence:')));
      const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'duplicate-prefix'), 'a duplicate-prefix error');
      const duplicates = diagnostics.filter((d) => codeOf(d) === 'duplicate-prefix');
      assert.ok(duplicates.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
      assert.deepEqual(duplicates.map((d) => d.range.start.line).sort((a, b) => a - b), [findLine(doc, 'prefix: "cola sentence:"'), line]);
      assert.ok(duplicates.every((d) => (d.relatedInformation?.length ?? 0) > 0), 'each points at the other task');
    } finally {
      await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original));
      await waitForDiagnostics(uri, (d) => d.length === 0, 'the problems to clear after the undo');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(readFileSync(join(uri.fsPath), 'utf8'), original, 'the test leaves the file as it found it');
  });
});

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function findLine(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`no line holds ${text}`);
}

/** Waits until the diagnostics of `uri` satisfy `ok`, listening to changes rather than sleeping; `quietMs` is scaled. */
function waitForDiagnostics(uri: vscode.Uri, ok: (d: readonly vscode.Diagnostic[]) => boolean, what: string, quietMs = 10_000): Promise<readonly vscode.Diagnostic[]> {
  const timeoutMs = scaled(quietMs);
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!ok(current)) return false;
      cleanup();
      resolve(current);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${paceNote()}); diagnostics now: [${now.join(', ')}]`));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      listener.dispose();
    }
    check();
  });
}
