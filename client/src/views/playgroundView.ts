// The "Playground" webview view in the TaskMix activity-bar container, and `taskmix.tryInPlayground`.
// VS Code wiring only; the logic is in PlaygroundController (tested with the browser test host).
import * as vscode from 'vscode';
import { isMixture } from '../mixtureDocument';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EvaluateTaskCommand, PlaygroundViewId, TryInPlaygroundCommand } from '../../../contracts/commands';
import { EvaluateRequest, ExamplesRequest, TasksRequest } from '../../../contracts/lsp';
import { downloadHubModel } from '../models/downloadManager';
import type { RuntimeAssets } from '../../../contracts/playgroundMessages';
import { PlaygroundController, type PlaygroundHost } from './playgroundController';
import { writeResultsInEditor } from './evaluateWrite';
import { buildPlaygroundHtml, makeNonce } from './playgroundHtml';
import type { PlaygroundSettings } from './playgroundModel';
import { readPlaygroundSettings } from './playgroundSettings';

/** Read on every use: in Restricted Mode the model and mirror come from the user's settings only (see playgroundSettings.ts). */
function readSettings(): PlaygroundSettings {
  return readPlaygroundSettings(vscode.workspace.getConfiguration('taskmix.playground'), vscode.workspace.isTrusted);
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function registerPlayground(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable {
  const root = context.extensionUri;
  const bundleRoots = [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'dist', 'ort'), vscode.Uri.joinPath(root, 'media')];
  const output = vscode.window.createOutputChannel('TaskMix Playground');
  let current: { view: vscode.WebviewView; controller: PlaygroundController } | undefined;
  let pendingTask: { name: string; uri?: string; evaluate?: boolean } | undefined;

  const activeMixture = (): string | undefined => {
    const doc = vscode.window.activeTextEditor?.document;
    return isMixture(doc) ? doc.uri.toString() : undefined;
  };

  /** The mixture to follow now: the active one, else the followed one or another mixture still open in a tab; undefined once none is. */
  const openMixture = (): string | undefined => {
    const active = activeMixture();
    if (active) return active;
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri.toString()] : [])));
    const followed = current?.controller.followed;
    if (followed && open.has(followed)) return followed;
    return vscode.workspace.textDocuments.find((d) => isMixture(d) && open.has(d.uri.toString()))?.uri.toString();
  };

  const makeHost = (view: vscode.WebviewView): PlaygroundHost => {
    const modelRoots = new Map<string, vscode.Uri>();
    const asset = (...parts: string[]) => view.webview.asWebviewUri(vscode.Uri.joinPath(root, ...parts)).toString();
    return {
      cacheRoot: vscode.Uri.joinPath(context.globalStorageUri, 'models').fsPath,
      home: process.env.HOME ?? process.env.USERPROFILE ?? '',
      folderUri: (dir) => {
        const uri = vscode.Uri.file(dir);
        if (!modelRoots.has(uri.fsPath)) {
          // Only the model's own folder is readable by the page, besides the bundle.
          modelRoots.set(uri.fsPath, uri);
          view.webview.options = { enableScripts: true, localResourceRoots: [...bundleRoots, ...modelRoots.values()] };
        }
        return view.webview.asWebviewUri(uri).toString().replace(/\/?$/, '/');
      },
      post: (m) => void view.webview.postMessage(m),
      tasks: (uri) => client.sendRequest(TasksRequest.type, { uri }),
      examples: (params) => client.sendRequest(ExamplesRequest.type, params),
      evaluate: (params) => client.sendRequest(EvaluateRequest.type, params),
      writeResults: (params) => writeResultsInEditor(client, params),
      settings: readSettings,
      assets: (): RuntimeAssets => ({
        workerUri: asset('dist', 'webview', 'playground-worker.js'),
        wasm: { glueUri: asset('dist', 'ort', 'ort-wasm-simd-threaded.mjs'), binaryUri: asset('dist', 'ort', 'ort-wasm-simd-threaded.wasm') },
        webgpu: { glueUri: asset('dist', 'ort', 'ort-wasm-simd-threaded.asyncify.mjs'), binaryUri: asset('dist', 'ort', 'ort-wasm-simd-threaded.asyncify.wasm') },
      }),
      download: (req, onProgress) =>
        Promise.resolve(vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `TaskMix: downloading ${req.id}`, cancellable: true },
          async (progress, token) => {
            const abort = new AbortController();
            const cancel = token.onCancellationRequested(() => abort.abort());
            let shown = 0;
            try {
              return await downloadHubModel(req, {
                signal: abort.signal,
                onProgress: (p) => {
                  const percent = p.total ? (100 * p.received) / p.total : 0;
                  progress.report({ message: `${mb(p.received)} of ${mb(p.total)} (${p.file})`, increment: percent - shown });
                  shown = percent;
                  onProgress(p.received, p.total);
                },
              });
            } finally {
              cancel.dispose();
            }
          },
        )),
      openSettings: (setting) => void vscode.commands.executeCommand('workbench.action.openSettings', setting),
      fileName: (uri) => vscode.Uri.parse(uri).path.split('/').pop() ?? uri,
      log: (message) => output.appendLine(message),
    };
  };

  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView: (view) => {
      view.webview.options = { enableScripts: true, localResourceRoots: bundleRoots };
      const controller = new PlaygroundController(makeHost(view), pendingTask?.uri ?? activeMixture());
      if (pendingTask) void (pendingTask.evaluate ? controller.startEvaluation(pendingTask.name) : controller.selectTask(pendingTask.name));
      pendingTask = undefined;
      const subscriptions = [
        view.webview.onDidReceiveMessage((m) => controller.handle(m)),
        view.onDidDispose(() => {
          subscriptions.forEach((s) => s.dispose());
          if (current?.view === view) current = undefined;
        }),
      ];
      view.webview.html = buildPlaygroundHtml({
        cspSource: view.webview.cspSource,
        nonce: makeNonce(),
        scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview', 'playground.js')).toString(),
        styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'playground.css')).toString(),
      });
      current = { view, controller };
    },
  };

  // The lens passes (uri, task), as rateHints.ts resolves it.
  const tryInPlayground = async (uri?: unknown, name?: unknown) => {
    const mixture = typeof uri === 'string' ? uri : uri instanceof vscode.Uri ? uri.toString() : activeMixture();
    if (typeof name === 'string') {
      if (current) await current.controller.selectTask(name, mixture);
      else pendingTask = { name, ...(mixture ? { uri: mixture } : {}) };
    }
    await vscode.commands.executeCommand(`${PlaygroundViewId}.focus`);
  };

  /** The lens passes (uri, task); from the palette, the active mixture's task is asked for. */
  const evaluateTask = async (uri?: unknown, name?: unknown) => {
    const mixture = typeof uri === 'string' ? uri : uri instanceof vscode.Uri ? uri.toString() : activeMixture();
    let task = typeof name === 'string' ? name : undefined;
    if (!task && mixture) {
      const listed = await client.sendRequest(TasksRequest.type, { uri: mixture });
      task = await vscode.window.showQuickPick(listed.tasks.filter((t) => t.eval).map((t) => t.name), { title: 'Evaluate which task (its eval split)?' });
    }
    if (!task) return;
    if (current) await current.controller.startEvaluation(task, mixture);
    else pendingTask = { name: task, evaluate: true, ...(mixture ? { uri: mixture } : {}) };
    await vscode.commands.executeCommand(`${PlaygroundViewId}.focus`);
  };

  // The server's notifications have one handler each (the balance preview has that one): follow edits instead.
  let editTimer: NodeJS.Timeout | undefined;
  return vscode.Disposable.from(
    output,
    vscode.window.registerWebviewViewProvider(PlaygroundViewId, provider, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.commands.registerCommand(TryInPlaygroundCommand, tryInPlayground),
    vscode.commands.registerCommand(EvaluateTaskCommand, evaluateTask),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (current && isMixture(e?.document)) void current.controller.follow(e.document.uri.toString());
    }),
    // Closing the followed mixture's last tab: follow another open one, or clear "Tasks of <mixture>".
    vscode.window.tabGroups.onDidChangeTabs(() => {
      if (current && openMixture() !== current.controller.followed) void current.controller.follow(openMixture());
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!current || !isMixture(e.document)) return;
      clearTimeout(editTimer);
      const uri = e.document.uri.toString();
      editTimer = setTimeout(() => void current?.controller.mixtureChanged(uri), 600);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('taskmix.playground')) void current?.controller.settingsChanged();
    }),
    // Trusting the workspace lets its model setting apply: read the settings again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void current?.controller.settingsChanged()),
    { dispose: () => clearTimeout(editTimer) },
  );
}
