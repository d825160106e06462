// `taskmix/resultsEdit`: the planned results edit as LSP text edits on the open document's current version.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { isMetricName } from '../core/metrics';
import type { ResultsEditParams, ResultsEditResponse } from '../../../contracts/lsp';
import { planResultsEdit } from './evaluateResultsEdit';

export function resultsEditResponse(doc: TextDocument, analysis: Analysis, params: ResultsEditParams): ResultsEditResponse {
  const { task, block, metric, value } = params;
  const refuse = (error: string): ResultsEditResponse => ({ version: doc.version, edits: [], error });
  if (typeof task !== 'string' || !task) return refuse('task must be a task name');
  if (block !== 'single_task' && block !== 'multi_task') return refuse('block must be single_task or multi_task');
  if (typeof metric !== 'string' || !isMetricName(metric)) return refuse(`unknown metric ${JSON.stringify(metric)}`);
  if (typeof value !== 'number') return refuse('value must be a number');
  // The analysis belongs to the document's current version (analysisOf waits for it), so its ranges fit the text.
  const text = doc.getText();
  if (analysis.text !== text) return refuse('The file changed while the edit was planned: write again.');
  const plan = planResultsEdit(text, analysis.model, { task, block, metric, value });
  return {
    version: doc.version,
    edits: plan.edits.map((e) => ({ range: { start: doc.positionAt(e.range[0]), end: doc.positionAt(e.range[1]) }, newText: e.newText })),
    ...(plan.warning ? { warning: plan.warning } : {}),
    ...(plan.error ? { error: plan.error } : {}),
  };
}
