// "Write to results" in VS Code: the server plans the edit on the open document's current version, and it is
// applied as one WorkspaceEdit, so one Undo takes it back. Replacing a score already in the file (old and new shown)
// and a warning from the server (the block's `metric` names another metric) are asked about first (resultsConfirm.ts).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ResultsEditRequest, type ResultsEditParams } from '../../../contracts/lsp';
import { resultsQuestion } from './resultsConfirm';

export async function writeResultsInEditor(client: LanguageClient, params: ResultsEditParams): Promise<{ ok: boolean; message: string }> {
  const uri = vscode.Uri.parse(params.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  // The server answers for the version it has: if the user typed meanwhile, plan again (a few times at most).
  for (let attempt = 0; attempt < 3; attempt++) {
    const plan = await client.sendRequest(ResultsEditRequest.type, params);
    if (plan.error) return { ok: false, message: plan.error };
    if (plan.version !== null && plan.version !== doc.version) continue;
    const question = resultsQuestion(params, plan);
    if (question) {
      const choice = await vscode.window.showWarningMessage(question.message, { modal: true }, question.confirm);
      if (choice !== question.confirm) return { ok: false, message: 'Not written.' };
      if (doc.version !== plan.version) continue;
    }
    if (plan.edits.length === 0) return { ok: true, message: `results.${params.block}.${params.task} is already ${params.value}: nothing to write.` };
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) {
      edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, message: 'The editor refused the edit.' };
    return { ok: true, message: `Wrote results.${params.block}.${params.task} = ${params.value} (${params.metric}); Undo in the editor takes it back.` };
  }
  return { ok: false, message: 'The file kept changing while the edit was planned: write again.' };
}
