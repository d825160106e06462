// The task picker's entries: the active mixture's tasks and the model's own `task_specific_params` prefixes, and
// how choosing one changes the prompt (the old prefix is replaced, or the new one put in front).
import type { PlaygroundTask } from '../../../contracts/playgroundMessages';

export interface TaskChoice {
  /** `mixture:NAME` or `model:NAME`: unique across both groups. */
  key: string;
  group: 'mixture' | 'model';
  name: string;
  prefix: string;
  /** For mixture tasks: whether "Insert example" can read records. */
  hasData: boolean;
  hasEval: boolean;
}

/** The prefixes T5's config.json lists under `task_specific_params` (tolerant: anything odd is skipped). */
export function modelPrefixes(configText: string | undefined): { name: string; prefix: string }[] {
  if (!configText) return [];
  let config: unknown;
  try {
    config = JSON.parse(configText);
  } catch {
    return [];
  }
  const params = (config as { task_specific_params?: unknown })?.task_specific_params;
  if (typeof params !== 'object' || params === null) return [];
  const out: { name: string; prefix: string }[] = [];
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    const prefix = (value as { prefix?: unknown })?.prefix;
    if (typeof prefix === 'string' && prefix.trim()) out.push({ name, prefix });
  }
  return out;
}

export function taskChoices(tasks: PlaygroundTask[], modelTasks: { name: string; prefix: string }[]): TaskChoice[] {
  return [
    ...tasks.map((t) => ({ key: `mixture:${t.name}`, group: 'mixture' as const, name: t.name, prefix: t.prefix, hasData: t.hasData, hasEval: t.hasEval })),
    ...modelTasks.map((t) => ({ key: `model:${t.name}`, group: 'model' as const, name: t.name, prefix: t.prefix, hasData: false, hasEval: false })),
  ];
}

/** The prompt as T5 sees it: the prefix, a space where the prefix does not end in one, then the text. */
function joinPrefix(prefix: string, text: string): string {
  if (!prefix) return text;
  return prefix + (/\s$/.test(prefix) ? '' : ' ') + text;
}

/**
 * The prompt after switching from `oldPrefix` to `newPrefix`: a prompt that starts with the old prefix gets the new
 * one instead; any other prompt gets the new prefix in front (unless it already has it).
 */
export function switchPrefix(prompt: string, oldPrefix: string | undefined, newPrefix: string): string {
  let rest = prompt;
  const old = oldPrefix?.trim();
  if (old && rest.startsWith(old)) rest = rest.slice(old.length).replace(/^\s+/, '');
  const next = newPrefix.trim();
  if (next && rest.startsWith(next)) return rest;
  return joinPrefix(newPrefix, rest);
}
