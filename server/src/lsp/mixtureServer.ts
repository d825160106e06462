// Starts the TaskMix language server on an LSP connection: reads the client's abilities at `initialize`, then
// registers each group of handlers over one small context (context.ts): document sync and publishing
// (documentSync.ts), the standard language features (languageFeatures.ts) and the TaskMix requests
// (taskmixRequests.ts). Every handler is guarded: a failure is logged and answered as an LSP error, never
// taking the server down.
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import type { TaskmixInitializationOptions } from '../../../contracts/lsp';
import { createServerContext, errorText } from './context';
import { registerDocumentSync } from './documentSync';
import { registerLanguageFeatures } from './languageFeatures';
import { registerTaskmixRequests } from './taskmixRequests';

export { isMixtureDocument } from './documentSync';

export function startMixtureServer(connection: Connection): void {
  const ctx = createServerContext(connection);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    const options = (params.initializationOptions ?? {}) as TaskmixInitializationOptions;
    ctx.client.lensCommands = new Set(Array.isArray(options.commands) ? options.commands.filter((c) => typeof c === 'string') : []);
    ctx.client.refreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    ctx.client.refreshCodeLens = caps.workspace?.codeLens?.refreshSupport === true;
    ctx.client.watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    ctx.client.workDoneProgress = caps.window?.workDoneProgress === true;
    if (caps.workspace?.configuration) {
      ctx.settings.useClient((uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'taskmix' }));
    }
    return {
      capabilities: {
        // `save`: a file too large to re-check as it is typed is checked when saved (see documentSync.ts).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        // A space pops the list after `- ` (a task's keys) and after `key: ` (the key's values); elsewhere it answers nothing.
        completionProvider: { triggerCharacters: [':', '/', '[', ',', '{', ' '] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: true },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'TaskMix' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'taskmix', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (!ctx.client.watchFiles) return;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{jsonl,json,csv,tsv,parquet,gz}' }, { globPattern: '**/*.mixture.{yaml,yml}' }],
      })
      .catch((e) => ctx.log(`registering file watchers failed: ${errorText(e)}`));
  });

  registerDocumentSync(ctx);
  registerLanguageFeatures(ctx);
  registerTaskmixRequests(ctx);
}
