// The session's prompts and outputs, newest first, kept in the webview state so they survive the view being
// hidden; an entry restores the prompt, task, decoding settings and output it had.
import { restoreDecodingForm, type DecodingForm } from './decoding';

export interface HistoryEntry {
  prompt: string;
  output: string;
  expected: string | null;
  taskKey: string | null;
  decoding: DecodingForm;
  /** The run's stats line, as shown. */
  stats: string;
  stopped: boolean;
}

export const HISTORY_LIMIT = 50;

export function addToHistory(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}

/** Saved entries that still have the expected shape. */
export function restoreHistory(saved: unknown): HistoryEntry[] {
  if (!Array.isArray(saved)) return [];
  const out: HistoryEntry[] = [];
  for (const e of saved.slice(0, HISTORY_LIMIT)) {
    if (typeof e !== 'object' || e === null) continue;
    const r = e as Record<string, unknown>;
    if (typeof r.prompt !== 'string' || typeof r.output !== 'string') continue;
    out.push({
      prompt: r.prompt,
      output: r.output,
      expected: typeof r.expected === 'string' ? r.expected : null,
      taskKey: typeof r.taskKey === 'string' ? r.taskKey : null,
      decoding: restoreDecodingForm(r.decoding),
      stats: typeof r.stats === 'string' ? r.stats : '',
      stopped: r.stopped === true,
    });
  }
  return out;
}
