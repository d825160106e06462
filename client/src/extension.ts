// The TaskMix extension: starts the language server and registers the commands, the status bar and the views.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerMaterializeCommand } from './materializeCommand';
import { RatesChangedEvents } from './ratesChanged';
import { createLanguageClient } from './languageClient';
import { registerStatusBar } from './statusBar';
import { LensCommands } from '../../contracts/commands';
import { registerBalancePreview } from './views/balancePreview';
import { registerPlayground } from './views/playgroundView';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('TaskMix', { log: true });
  context.subscriptions.push(output);
  client = createLanguageClient(context, output, () => [...LensCommands]);
  // Views and commands register before the start, so their notification handlers are in place when it runs.
  const ratesChanged = new RatesChangedEvents(client);
  context.subscriptions.push(
    ratesChanged,
    registerBalancePreview(context, client, ratesChanged.onDidChange),
    registerPlayground(context, client),
    registerCommands(client),
    registerMaterializeCommand(context),
    registerStatusBar(ratesChanged.onDidChange),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
