// Diagnostics of what token counting found (spec 1.1), as checkDataOutcome is for example counts: a tokenizer that
// cannot be read, at the `tokenizer` value (or, for the `taskmix.tokenizer` setting, at the mixture's name), and tasks
// whose tokens the file needs (`unit: tokens`, `budget.tokens`) but nobody knows, at their names.
import type { Diagnostic, MixtureModel, Range, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';

/** Whether the file's rates need every task's tokens: it samples by tokens, or budgets in tokens. */
export function needsTokens(model: MixtureModel): boolean {
  return model.sampling?.unit?.value === 'tokens' || model.budget?.tokens !== undefined;
}

export function checkTokenizerOutcome(at: Range, fromSetting: boolean, failure: string): Diagnostic[] {
  const source = fromSetting ? 'The `taskmix.tokenizer` setting names a tokenizer that cannot be read: ' : '';
  return [makeDiagnostic('tokenizer-unreadable', at, `${source}${failure}`)];
}

/** A task's tokens as far as the check needs them. */
export interface TaskTokenState {
  entry: TaskEntry;
  name: string;
  known: boolean;
  /** Still being counted: no diagnostic yet. */
  pending?: boolean;
  /** Why they are unknown (no data, no tokenizer, a failed count). */
  why: string;
}

export function checkTaskTokens(model: MixtureModel, tasks: readonly TaskTokenState[]): Diagnostic[] {
  if (!needsTokens(model)) return [];
  const wantedBy = model.sampling?.unit?.value === 'tokens' ? 'the mixture samples by tokens (`unit: tokens`)' : 'the budget is in tokens';
  return tasks
    .filter((t) => !t.known && !t.pending)
    .map((t) =>
      makeDiagnostic('tokens-unknown', t.entry.name?.range ?? t.entry.range, `Task \`${t.name}\` has no token count, and ${wantedBy}: ${t.why}. Write \`tokens: N\`, or give \`data\` and a \`tokenizer\`.`),
    );
}
