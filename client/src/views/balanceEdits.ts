// The Balance Preview's two ways into the mixture's text, both answered by the server (the client has no YAML
// parser): "Apply to file" applies the edits the server plans (`taskmix/samplingEdit`) as one WorkspaceEdit, so one
// Undo takes them back; "reveal task" selects the name range the server lists for the task (`taskmix/tasks`).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SamplingEditRequest, TasksRequest, type SamplingEditParams, type SamplingEditResponse } from '../../../contracts/lsp';

/** How often a plan is asked again when the buffer changed while it was planned (the user typed meanwhile). */
const ATTEMPTS = 3;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Applies the server's sampling edit to the open document; resolves to an error message, or undefined on success. */
export async function applySamplingEdit(client: LanguageClient, params: SamplingEditParams): Promise<string | undefined> {
  const uri = vscode.Uri.parse(params.uri);
  // Opening it (if it is not) has the client send didOpen before the request: the server plans on the buffer.
  const doc = await vscode.workspace.openTextDocument(uri);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let answer: SamplingEditResponse;
    try {
      answer = await client.sendRequest(SamplingEditRequest.type, params);
    } catch (e) {
      return errorMessage(e);
    }
    if (answer.error) return answer.error;
    // Edits planned on another version than the buffer's would land in the wrong places: plan again.
    if (answer.version !== doc.version) continue;
    if (answer.edits.length === 0) return undefined;
    const edit = new vscode.WorkspaceEdit();
    for (const { range, newText } of answer.edits) {
      edit.replace(uri, new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), newText);
    }
    return (await vscode.workspace.applyEdit(edit)) ? undefined : 'VS Code refused the edit (is the file read-only?).';
  }
  return 'The file kept changing while the edit was planned: apply again.';
}

/** Where the task `name` is named in the mixture `uri`, or null (a task from an included file, or none of that name). */
export async function taskNameRange(client: LanguageClient, uri: string, name: string): Promise<vscode.Range | null> {
  const { tasks } = await client.sendRequest(TasksRequest.type, { uri });
  const range = tasks.find((t) => t.name === name && t.nameRange)?.nameRange;
  return range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : null;
}
