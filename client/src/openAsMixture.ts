// "Open as Mixture": an engine's config (Megatron, NeMo, OLMo, MosaicML, Hugging Face, LLaMA-Factory, seqio) opened
// as an untitled mixture-yaml document. The server reads and converts the file (taskmix/importMixture); the extension
// host only asks which registration when there are several, shows errors at their place, and opens the text.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ImportMixtureRequest, type ImportMixtureParams, type ImportMixtureResponse } from '../../contracts/lsp';

/** The file to import: the explorer's selection, else the active editor's file. */
function target(uri?: vscode.Uri): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** `file:line:col: message` for what the server could not import (1-based, as the CLI prints it). */
export function importErrorText(error: NonNullable<ImportMixtureResponse['error']>): string {
  const file = vscode.Uri.parse(error.uri);
  const name = vscode.workspace.asRelativePath(file, false);
  return `${name}:${error.range.start.line + 1}:${error.range.start.character + 1}: ${error.message}`;
}

export async function openAsMixture(client: LanguageClient, uri?: vscode.Uri): Promise<void> {
  const file = target(uri);
  if (!file) {
    void vscode.window.showWarningMessage("TaskMix: open or select an engine's config (a Megatron script, a NeMo, OLMo, MosaicML or LLaMA-Factory YAML, a seqio or datasets Python file) to open it as a mixture.");
    return;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  const params: ImportMixtureParams = { uri: file.toString(), ...(open ? { text: open.getText() } : {}) };
  let response = await client.sendRequest(ImportMixtureRequest.type, params);
  if (response.choices) {
    const mixture = await vscode.window.showQuickPick(response.choices, { title: 'Open as Mixture', placeHolder: 'This file registers several mixtures: which one?' });
    if (!mixture) return;
    response = await client.sendRequest(ImportMixtureRequest.type, { ...params, mixture });
  }
  if (response.error) {
    const error = response.error;
    const choice = await vscode.window.showErrorMessage(`TaskMix cannot open this as a mixture: ${importErrorText(error)}`, 'Go to Error');
    if (choice === 'Go to Error') {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(error.uri));
      const range = new vscode.Range(error.range.start.line, error.range.start.character, error.range.end.line, error.range.end.character);
      await vscode.window.showTextDocument(doc, { selection: range });
    }
    return;
  }
  if (response.text === null) return;
  const doc = await vscode.workspace.openTextDocument({ language: 'mixture-yaml', content: response.text });
  await vscode.window.showTextDocument(doc);
  const warnings = response.notes.filter((n) => n.severity === 'warning');
  if (response.companions.length) {
    void vscode.window.showWarningMessage(
      `TaskMix: this mixture includes ${response.companions.map((c) => c.fileName).join(', ')} (sub-mixtures that need sizes); \`taskmix import --out\` writes them beside it.`,
    );
  } else if (warnings.length) {
    void vscode.window.showWarningMessage(`TaskMix: ${warnings[0]!.message}${warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : ''}`);
  }
}
