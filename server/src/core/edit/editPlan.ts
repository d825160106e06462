// What a planner of edits answers, and how edits are applied where no editor does it (the CLI, tests).
import type { TextEdit } from '../types';

/** Edits on one file's text (offsets into the text they were planned on), or why none can be made. */
export interface EditPlan {
  /** Non-overlapping; empty when nothing has to change (or with `error`). */
  edits: TextEdit[];
  /** Something the user should confirm first (e.g. the block says its scores are another metric). */
  warning?: string;
  /** Why no edit can be made; `edits` is then empty. */
  error?: string;
}

/** The plan that makes no edit, saying why. */
export function refusal(error: string): EditPlan {
  return { edits: [], error };
}

/** Applies edits to text (ranges refer to the original text and must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range[0]) + e.newText + out.slice(e.range[1]);
  return out;
}
