// "TaskMix: Show Balance Preview": a webview panel beside the active mixture that follows it as the user types.
// VS Code wiring only; the logic is in BalanceController (messages, following, refreshes), tested without VS Code,
// and in the server, which plans "Apply to file" and knows where each task is named (balanceEdits).
import * as vscode from 'vscode';
import { BalancePreviewViewType, ShowBalancePreviewCommand } from '../../../contracts/commands';
import type { RatesChangedParams } from '../../../contracts/lsp';
import { isMixture } from '../mixtureDocument';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BalanceController, sortDiagnostics, summarizeDiagnostics, type BalanceHost, type DiagnosticItem } from './balanceController';
import { buildBalanceHtml, makeNonce } from './balanceHtml';
import { applySamplingEdit, taskNameRange } from './balanceEdits';
import { lspBalanceDataSource } from './balanceRequests';



function severityOf(s: vscode.DiagnosticSeverity): DiagnosticItem['severity'] {
  return s === vscode.DiagnosticSeverity.Error ? 'error' : s === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info';
}

function diagnosticItems(uri: vscode.Uri): (DiagnosticItem & { range: vscode.Range })[] {
  return vscode.languages.getDiagnostics(uri).map((d) => ({
    severity: severityOf(d.severity),
    code: typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''),
    message: d.message,
    line: d.range.start.line,
    character: d.range.start.character,
    range: d.range,
  }));
}

async function showRange(uri: vscode.Uri, range: vscode.Range): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function makeHost(panel: vscode.WebviewPanel, output: vscode.OutputChannel, client: LanguageClient): BalanceHost {
  return {
    post: (message) => void panel.webview.postMessage(message),
    fileName: (uri) => vscode.Uri.parse(uri).path.split('/').pop() ?? uri,
    diagnostics: (uri) => summarizeDiagnostics(diagnosticItems(vscode.Uri.parse(uri))),
    revealTask: async (uri, name) => {
      const target = vscode.Uri.parse(uri);
      const at = await taskNameRange(client, uri, name).catch((e: unknown) => {
        // A server that cannot answer (restarting, say): the click is logged rather than failing in the message handler.
        output.appendLine(`[balance] reveal ${name}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      });
      if (at === undefined) return;
      if (!at) return void vscode.window.showInformationMessage(`TaskMix: task "${name}" is not listed in ${target.path.split('/').pop()} (it may come from an included file).`);
      await showRange(target, at);
    },
    revealDiagnostic: async (uri, index) => {
      const item = sortDiagnostics(diagnosticItems(vscode.Uri.parse(uri)))[index];
      if (item) await showRange(vscode.Uri.parse(uri), item.range);
    },
    applyTemperature: (uri, temperature, cap) => applySamplingEdit(client, { uri, temperature, cap }),
    saveExport: async (format, fileName, data) => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
        filters: { [format.toUpperCase()]: [format] },
      });
      if (!target) return;
      const bytes = format === 'png' ? Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64') : Buffer.from(data, 'utf8');
      await vscode.workspace.fs.writeFile(target, bytes);
      void vscode.window.showInformationMessage(`TaskMix: saved ${target.path.split('/').pop()}.`);
    },
    log: (message) => output.appendLine(`[balance] ${message}`),
  };
}

export function registerBalancePreview(context: vscode.ExtensionContext, client: LanguageClient, ratesChanged: vscode.Event<RatesChangedParams>): vscode.Disposable {
  const source = lspBalanceDataSource({ sendRequest: (type, params) => client.sendRequest(type, params) });
  const output = vscode.window.createOutputChannel('TaskMix Balance Preview');
  let current: { panel: vscode.WebviewPanel; controller: BalanceController } | undefined;

  const setUp = (panel: vscode.WebviewPanel, uri: string | undefined) => {
    const root = context.extensionUri;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')] };
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'balance.svg');
    const controller = new BalanceController(source, makeHost(panel, output, client), uri);
    const subscriptions = [panel.webview.onDidReceiveMessage((m) => controller.handle(m))];
    panel.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      if (current?.panel === panel) current = undefined;
    });
    panel.webview.html = buildBalanceHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview', 'balance.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'balance.css')).toString(),
    });
    current = { panel, controller };
  };

  const show = (arg?: unknown) => {
    const fromArg = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : undefined;
    const active = vscode.window.activeTextEditor?.document;
    const uri = fromArg ?? (isMixture(active) ? active.uri : undefined);
    if (!uri) return void vscode.window.showInformationMessage('TaskMix: open a *.mixture.yaml file to preview its balance.');
    if (current) {
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      current.controller.follow(uri.toString());
      return;
    }
    const panel = vscode.window.createWebviewPanel(BalancePreviewViewType, 'Balance Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, retainContextWhenHidden: false });
    setUp(panel, uri.toString());
  };

  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state) => {
      const saved = state && typeof (state as { uri?: unknown }).uri === 'string' ? (state as { uri: string }).uri : undefined;
      const active = vscode.window.activeTextEditor?.document;
      setUp(panel, saved ?? (isMixture(active) ? active.uri.toString() : undefined));
    },
  };

  return vscode.Disposable.from(
    output,
    vscode.commands.registerCommand(ShowBalancePreviewCommand, show),
    vscode.window.registerWebviewPanelSerializer(BalancePreviewViewType, serializer),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (current && isMixture(e?.document)) current.controller.follow(e.document.uri.toString());
    }),
    vscode.languages.onDidChangeDiagnostics((e) => current?.controller.diagnosticsChanged(e.uris.map((u) => u.toString()))),
    ratesChanged((params) => current?.controller.ratesChanged(params)),
    { dispose: () => current?.panel.dispose() },
  );
}
