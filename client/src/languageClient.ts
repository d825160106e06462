// Starts the TaskMix language server (dist/server.js over IPC) for `mixture-yaml` documents.
import * as vscode from 'vscode';
import { SERVER_NODE_ARGS } from '../../contracts/serverProcess';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LensCommands } from '../../contracts/commands';
import type { TaskmixInitializationOptions } from '../../contracts/lsp';
import { advertisedLensCommands, lensesWithKnownCommands } from './lensFilter';
import { MARKDOWN_POLICY } from './markdownPolicy';

export const documentSelector = [
  { scheme: 'file', language: 'mixture-yaml' },
  { scheme: 'untitled', language: 'mixture-yaml' },
];

async function registeredCommands(): Promise<Set<string>> {
  return new Set(await vscode.commands.getCommands(true));
}

/** lensCommands: the lens commands this window registers, read when the server starts (and restarts). */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel, lensCommands: () => string[]): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6010'] } },
  };
  const initializationOptions = (): TaskmixInitializationOptions => ({
    commands: advertisedLensCommands(LensCommands, new Set(lensCommands())),
  });
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    initializationOptions,
    synchronize: { configurationSection: 'taskmix' },
    // The hover's Markdown holds the user's text: never trusted (no command links), no HTML.
    markdown: MARKDOWN_POLICY,
    middleware: {
      // A lens whose command this window lacks would only fail when clicked: leave it out.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses ? lensesWithKnownCommands(lenses, await registeredCommands()) : lenses;
      },
    },
  };
  return new LanguageClient('taskmix', 'TaskMix Language Server', serverOptions, clientOptions);
}
