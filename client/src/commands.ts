// The palette commands of the extension itself: Export Mixture As..., Check All Mixtures in Workspace, Open as
// Mixture, Restart Server. Each is a thin call into the server's custom requests.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckAllMixturesCommand, ExportMixtureCommand, OpenAsMixtureCommand, RestartServerCommand } from '../../contracts/commands';
import { CheckAllRequest, ExportFormatsRequest, ExportRequest } from '../../contracts/lsp';
import { isMixture } from './mixtureDocument';
import { checkAllSummary, defaultExportPath } from './exportTarget';
import { openAsMixture } from './openAsMixture';


function activeMixture(uri?: vscode.Uri): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const doc = vscode.window.activeTextEditor?.document;
  return isMixture(doc) ? doc.uri : undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function exportMixture(client: LanguageClient, target?: vscode.Uri): Promise<void> {
  const uri = activeMixture(target);
  if (!uri) {
    void vscode.window.showWarningMessage('TaskMix: open a *.mixture.yaml file to export it.');
    return;
  }
  const formats = await client.sendRequest(ExportFormatsRequest.type);
  const pick = await vscode.window.showQuickPick(
    formats.map((f) => ({ label: f.label, description: f.extension, id: f.id })),
    { title: 'Export mixture as', placeHolder: 'Format' },
  );
  if (!pick) return;
  let exported;
  try {
    exported = await client.sendRequest(ExportRequest.type, { uri: uri.toString(), format: pick.id });
  } catch (e) {
    void vscode.window.showErrorMessage(`TaskMix: ${errorMessage(e)}`);
    return;
  }
  const defaultUri = uri.scheme === 'file' ? vscode.Uri.file(defaultExportPath(uri.fsPath, exported.suggestedName)) : undefined;
  const destination = await vscode.window.showSaveDialog({ title: `Export ${pick.label}`, ...(defaultUri ? { defaultUri } : {}) });
  if (!destination) return;
  await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(exported.text));
  await vscode.window.showTextDocument(destination);
}

async function checkAllMixtures(client: LanguageClient): Promise<void> {
  const found = await vscode.workspace.findFiles('**/*.mixture.{yaml,yml}', '**/node_modules/**');
  const files = found.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `TaskMix: checking ${files.length} mixtures` },
    () => client.sendRequest(CheckAllRequest.type, { files }),
  );
  const summary = checkAllSummary(result);
  const show = summary.severity === 'error' ? vscode.window.showErrorMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(summary.message, ...(summary.severity === 'info' ? [] : ['Show Problems']));
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

export function registerCommands(client: LanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(ExportMixtureCommand, (uri?: vscode.Uri) => exportMixture(client, uri)),
    vscode.commands.registerCommand(CheckAllMixturesCommand, () => checkAllMixtures(client)),
    vscode.commands.registerCommand(OpenAsMixtureCommand, (uri?: vscode.Uri) => openAsMixture(client, uri)),
    vscode.commands.registerCommand(RestartServerCommand, async () => {
      await client.restart();
      void vscode.window.setStatusBarMessage('TaskMix: server restarted', 3000);
    }),
  );
}
