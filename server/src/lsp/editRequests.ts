// The edit requests (`taskmix/resultsEdit`, `taskmix/samplingEdit`): the core's planned edits as LSP text edits on
// the open document's current version, which the client applies in one WorkspaceEdit after checking that version.
import type { TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { planResultsEdit, planSamplingEdit, type EditPlan } from '../core/edit';
import { isMetricName } from '../core/metrics';
import type { ResultsEditParams, ResultsEditResponse, SamplingEditParams, SamplingEditResponse } from '../../../contracts/lsp';
import { toLspTextEdits } from './positions';

/** A plan as an answer; a plan made on other text than the document's (an analysis behind the buffer) is refused. */
function planned(doc: TextDocument, analysis: Analysis, again: string, plan: (text: string) => EditPlan): { version: number; edits: LspTextEdit[]; warning?: string; error?: string } {
  // analysisOf waits for the document's current version, so this holds unless the buffer changed in between.
  const text = doc.getText();
  if (analysis.text !== text) return { version: doc.version, edits: [], error: `The file changed while the edit was planned: ${again}.` };
  const { edits, warning, error } = plan(text);
  return { version: doc.version, edits: toLspTextEdits(doc, edits), ...(warning ? { warning } : {}), ...(error ? { error } : {}) };
}

export function resultsEditResponse(doc: TextDocument, analysis: Analysis, params: ResultsEditParams): ResultsEditResponse {
  const { task, block, metric, value } = params;
  const refuse = (error: string): ResultsEditResponse => ({ version: doc.version, edits: [], error });
  if (typeof task !== 'string' || !task) return refuse('task must be a task name');
  if (block !== 'single_task' && block !== 'multi_task') return refuse('block must be single_task or multi_task');
  if (typeof metric !== 'string' || !isMetricName(metric)) return refuse(`unknown metric ${JSON.stringify(metric)}`);
  if (typeof value !== 'number') return refuse('value must be a number');
  let replaces: ResultsEditResponse['replaces'];
  const answer = planned(doc, analysis, 'write again', (text) => {
    const plan = planResultsEdit(text, analysis.model, { task, block, metric, value });
    replaces = plan.replaces;
    return plan;
  });
  return replaces && !answer.error ? { ...answer, replaces } : answer;
}

/** Why the parameters are not a sampling edit's, or null when they are (values out of range are the planner's to say). */
export function checkSamplingEditParams(params: SamplingEditParams): string | null {
  if (typeof params?.uri !== 'string') return 'uri must be a string';
  if (typeof params.temperature !== 'number') return 'temperature must be a number';
  if (params.cap !== null && typeof params.cap !== 'number') return 'cap must be a number or null';
  return null;
}

export function samplingEditResponse(doc: TextDocument, analysis: Analysis, params: SamplingEditParams): SamplingEditResponse {
  const { temperature, cap } = params;
  return planned(doc, analysis, 'apply again', (text) => planSamplingEdit(text, analysis, { temperature, cap }));
}
