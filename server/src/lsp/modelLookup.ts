// What stands at an offset of a mixture model, and where a task name occurs: the questions hover,
// definition, references, rename and selection ranges all ask.
import type { SectionName } from '../core/schema';
import type { IncludeEntry, KeyInfo, Located, MixtureEntry, MixtureModel, Range, ResultsSpec, TaskEntry } from '../core/types';
import { touches } from './positions';

export type Hit =
  | { kind: 'taskName'; entry: TaskEntry; name: string; range: Range }
  | { kind: 'resultsName'; name: string; range: Range }
  | { kind: 'includePath'; entry: IncludeEntry; range: Range }
  | { kind: 'dataPath'; entry: TaskEntry; key: 'data' | 'eval'; path: string; range: Range }
  | { kind: 'strategy'; value: string; range: Range }
  | { kind: 'metric'; value: string; range: Range }
  | { kind: 'key'; section: SectionName; key: string; range: Range };

/** The `tasks:` item whose range holds offset (items are in text order: binary search). */
export function entryAt(model: MixtureModel, offset: number): MixtureEntry | undefined {
  const tasks = model.tasks;
  let lo = 0;
  let hi = tasks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = tasks[mid]!.range;
    if (offset < r[0]) hi = mid - 1;
    else if (offset > r[1]) lo = mid + 1;
    else return tasks[mid];
  }
  return undefined;
}

function keyHit(keys: readonly KeyInfo[] | undefined, section: SectionName, offset: number): Hit | undefined {
  for (const k of keys ?? []) if (touches(k.keyRange, offset)) return { kind: 'key', section, key: k.key, range: k.keyRange };
  return undefined;
}

/** Each task name written under `results` (as a score key, a pairwise target or a pairwise source). */
export function resultsNames(results: ResultsSpec | undefined): { name: string; range: Range }[] {
  const out: { name: string; range: Range }[] = [];
  if (!results) return out;
  for (const map of [results.single_task, results.multi_task]) {
    for (const [name, v] of map ?? []) out.push({ name, range: v.nameRange });
  }
  for (const [target, row] of results.pairwise ?? []) {
    out.push({ name: target, range: row.nameRange });
    for (const [source, v] of row.sources) out.push({ name: source, range: v.nameRange });
  }
  return out;
}

function locatedHit(l: Located<string> | undefined, offset: number): boolean {
  return l !== undefined && touches(l.range, offset);
}

export function hitAt(model: MixtureModel, offset: number): Hit | undefined {
  const entry = entryAt(model, offset);
  if (entry?.kind === 'task') {
    if (entry.name && locatedHit(entry.name, offset)) return { kind: 'taskName', entry, name: entry.name.value, range: entry.name.range };
    for (const key of ['data', 'eval'] as const) {
      const l = entry[key];
      if (l && locatedHit(l, offset)) return { kind: 'dataPath', entry, key, path: l.value, range: l.range };
    }
    for (const m of entry.metrics ?? []) if (touches(m.range, offset)) return { kind: 'metric', value: m.value, range: m.range };
    if (entry.fields) {
      for (const f of [entry.fields.input, entry.fields.target]) {
        if (f?.keyRange && touches(f.keyRange, offset)) return { kind: 'key', section: 'fields', key: f === entry.fields.input ? 'input' : 'target', range: f.keyRange };
      }
    }
    return keyHit(entry.keys, 'task', offset);
  }
  if (entry?.kind === 'include') {
    if (locatedHit(entry.include, offset)) return { kind: 'includePath', entry, range: entry.include.range };
    return keyHit(entry.keys, 'include', offset);
  }
  if (entry) return keyHit(entry.keys, 'task', offset);
  const s = model.sampling;
  if (s?.strategy && locatedHit(s.strategy, offset)) return { kind: 'strategy', value: s.strategy.value, range: s.strategy.range };
  const r = model.results;
  if (r) {
    if (r.metric && locatedHit(r.metric, offset)) return { kind: 'metric', value: r.metric.value, range: r.metric.range };
    for (const n of resultsNames(r)) if (touches(n.range, offset)) return { kind: 'resultsName', name: n.name, range: n.range };
  }
  return (
    keyHit(s?.keys, 'sampling', offset) ??
    keyHit(model.budget?.keys, 'budget', offset) ??
    keyHit(r?.keys, 'results', offset) ??
    keyHit(model.keys, 'top', offset)
  );
}

/** The task item of this file that defines `name`. */
export function taskEntryNamed(model: MixtureModel, name: string): TaskEntry | undefined {
  for (const e of model.tasks) if (e.kind === 'task' && e.name?.value === name) return e;
  return undefined;
}

/** Every range in this file where the task name is written: its definition and its `results` keys. */
export function taskNameOccurrences(model: MixtureModel, name: string): { range: Range; definition: boolean }[] {
  const out: { range: Range; definition: boolean }[] = [];
  for (const e of model.tasks) if (e.kind === 'task' && e.name?.value === name) out.push({ range: e.name.range, definition: true });
  for (const n of resultsNames(model.results)) if (n.name === name) out.push({ range: n.range, definition: false });
  return out;
}
