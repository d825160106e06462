// What "Write to results" asks before it writes (no VS Code here, so unit tests run it): replacing a score already in
// the file, showing the old and the new value, and a block whose `metric` names another metric. Nothing to ask: null.
import type { ResultsEditParams, ResultsEditResponse } from '../../../contracts/lsp';

export interface ResultsQuestion {
  message: string;
  /** The modal's confirming button; anything else writes nothing. */
  confirm: string;
}

export function resultsQuestion(params: ResultsEditParams, plan: Pick<ResultsEditResponse, 'warning' | 'replaces'>): ResultsQuestion | null {
  const parts: string[] = [];
  if (plan.replaces) {
    parts.push(`results.${params.block}.${params.task} is ${plan.replaces.previous} in the file. Replace it with ${plan.replaces.next} (${params.metric})?`);
  }
  if (plan.warning) parts.push(plan.warning);
  if (parts.length === 0) return null;
  return { message: parts.join('\n\n'), confirm: plan.replaces ? 'Replace' : 'Write anyway' };
}
