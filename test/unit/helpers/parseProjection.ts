// Shared by the parse tests: a JSON-able view of parse results (Maps as entry lists, ranges kept), and an
// entry checker that reports every key, as the real validator's per-entry check would, with related ranges
// and fix edits so that moving its diagnostics is tested too.

import type { Diagnostic, MixtureEntry } from '../../../server/src/core/types';
import { parseMixture } from '../../../server/src/core/parse';

/** Maps become entry lists, objects lose `undefined` members: what `deepStrictEqual` should compare. */
export function project(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([k, v]) => [k, project(v)]);
  if (Array.isArray(value)) return value.map(project);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = project(v);
    return out;
  }
  return value;
}

export function keyReportingChecker(entry: MixtureEntry): Diagnostic[] {
  return entry.keys.map((k) => ({
    code: 'test-key',
    severity: 'info',
    message: `${entry.kind}:${k.key}:${k.valueType}`,
    range: k.keyRange,
    related: [{ message: 'value', range: k.valueRange }],
    fixes: [{ title: 'drop the entry', edits: [{ range: entry.range, newText: '' }] }],
  }));
}

/** What a MixtureDocument must return for `text`: a full parse, and the checker on each entry. */
export function fullResult(text: string, checker: (e: MixtureEntry) => Diagnostic[] = keyReportingChecker) {
  const { model, diagnostics } = parseMixture(text);
  return { model, diagnostics, entryDiagnostics: model.tasks.flatMap(checker) };
}
