// Moving parsed pieces to where they now stand: copies with every range offset by `delta`. Written out per
// type (not a generic deep walk) because a keystroke near the top of a 10,000-task file moves every task below.

import type {
  BudgetSpec,
  Diagnostic,
  IncludeEntry,
  FieldMapping,
  KeyInfo,
  Located,
  MixtureEntry,
  Range,
  RelatedInformation,
  ResultsSpec,
  SamplingSpec,
  TaskEntry,
} from '../types';
import type { TopField, TopPart } from './buildModel';

type Score = Located<number> & { nameRange: Range };

export function shiftRange(r: Range, delta: number): Range {
  return [r[0] + delta, r[1] + delta];
}

function shiftLocated<T>(l: Located<T>, delta: number): Located<T> {
  const out: Located<T> = { value: l.value, range: [l.range[0] + delta, l.range[1] + delta] };
  if (l.keyRange) out.keyRange = [l.keyRange[0] + delta, l.keyRange[1] + delta];
  return out;
}

function shiftOptional<T>(l: Located<T> | undefined, delta: number): Located<T> | undefined {
  return l && shiftLocated(l, delta);
}

export function shiftKeyInfo(k: KeyInfo, delta: number): KeyInfo {
  return {
    key: k.key,
    keyRange: [k.keyRange[0] + delta, k.keyRange[1] + delta],
    valueRange: [k.valueRange[0] + delta, k.valueRange[1] + delta],
    valueType: k.valueType,
  };
}

function shiftKeys(keys: readonly KeyInfo[], delta: number): KeyInfo[] {
  const out = new Array<KeyInfo>(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = shiftKeyInfo(keys[i], delta);
  return out;
}

function shiftList(list: Located<string>[], delta: number): Located<string>[] {
  const out = new Array<Located<string>>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = shiftLocated(list[i], delta);
  return out;
}

function shiftFields(f: FieldMapping, delta: number): FieldMapping {
  const out: FieldMapping = { range: shiftRange(f.range, delta) };
  if (f.input) out.input = shiftLocated(f.input, delta);
  if (f.target) out.target = shiftLocated(f.target, delta);
  if (f.keys) out.keys = shiftKeys(f.keys, delta);
  return out;
}

/**
 * Shifts a Located that shares its ranges with one of `keys` (as the parser builds them) by sharing the
 * shifted KeyInfo's ranges in turn; anything else is copied.
 */
function shiftKeyed<T>(l: Located<T>, keys: readonly KeyInfo[], moved: readonly KeyInfo[], delta: number): Located<T> {
  for (let i = 0; i < keys.length; i++) {
    if (keys[i].valueRange === l.range && keys[i].keyRange === l.keyRange) {
      return { value: l.value, range: moved[i].valueRange, keyRange: moved[i].keyRange };
    }
  }
  return shiftLocated(l, delta);
}

export function shiftEntry(e: MixtureEntry, delta: number): MixtureEntry {
  const range = shiftRange(e.range, delta);
  const keys = shiftKeys(e.keys, delta);
  const was = e.keys;
  if (e.kind === 'invalid') return { kind: 'invalid', range, keys };
  if (e.kind === 'include') {
    const include: IncludeEntry = { kind: 'include', range, include: shiftKeyed(e.include, was, keys, delta), keys };
    if (e.rate) include.rate = shiftKeyed(e.rate, was, keys, delta);
    return include;
  }
  // Fields in one fixed order, so that shifted entries share a few object shapes.
  const task: TaskEntry = { kind: 'task', range, keys };
  if (e.name) task.name = shiftKeyed(e.name, was, keys, delta);
  if (e.prefix) task.prefix = shiftKeyed(e.prefix, was, keys, delta);
  if (e.examples) task.examples = shiftKeyed(e.examples, was, keys, delta);
  if (e.tokens) task.tokens = shiftKeyed(e.tokens, was, keys, delta);
  if (e.data) task.data = shiftKeyed(e.data, was, keys, delta);
  if (e.fields) task.fields = shiftFields(e.fields, delta);
  if (e.eval) task.eval = shiftKeyed(e.eval, was, keys, delta);
  if (e.metrics) task.metrics = shiftList(e.metrics, delta);
  if (e.scale) task.scale = shiftKeyed(e.scale, was, keys, delta);
  if (e.rate) task.rate = shiftKeyed(e.rate, was, keys, delta);
  if (e.tags) task.tags = shiftList(e.tags, delta);
  return task;
}

/** Copies `source`'s defined keys onto `target` (keeps the shifted objects free of `key: undefined`). */
function assignDefined<T extends object>(target: T, source: Partial<T>): T {
  for (const k of Object.keys(source) as (keyof T)[]) if (source[k] !== undefined) target[k] = source[k] as T[keyof T];
  return target;
}

function shiftScores(scores: Map<string, Score>, delta: number): Map<string, Score> {
  const out = new Map<string, Score>();
  for (const [name, s] of scores) out.set(name, { ...shiftLocated(s, delta), nameRange: shiftRange(s.nameRange, delta) });
  return out;
}

function shiftResults(r: ResultsSpec, delta: number): ResultsSpec {
  const out: ResultsSpec = { range: shiftRange(r.range, delta), keys: shiftKeys(r.keys, delta) };
  if (r.pairwise) {
    const pairwise: NonNullable<ResultsSpec['pairwise']> = new Map();
    for (const [target, t] of r.pairwise) {
      pairwise.set(target, { nameRange: shiftRange(t.nameRange, delta), sources: shiftScores(t.sources, delta) });
    }
    out.pairwise = pairwise;
  }
  return assignDefined(out, {
    metric: shiftOptional(r.metric, delta),
    higher_is_better: shiftOptional(r.higher_is_better, delta),
    single_task: r.single_task && shiftScores(r.single_task, delta),
    multi_task: r.multi_task && shiftScores(r.multi_task, delta),
  });
}

function shiftField(f: TopField, delta: number): TopField {
  switch (f.name) {
    case 'mixture':
    case 'description':
    case 'tokenizer':
    case 'engine':
      return { name: f.name, value: shiftLocated(f.value, delta) };
    case 'sampling': {
      const s = f.value;
      const value = { range: shiftRange(s.range, delta), keys: shiftKeys(s.keys, delta) };
      return {
        name: 'sampling',
        value: assignDefined<SamplingSpec>(value, {
          strategy: shiftOptional(s.strategy, delta),
          temperature: shiftOptional(s.temperature, delta),
          cap: shiftOptional(s.cap, delta),
          default_rate: shiftOptional(s.default_rate, delta),
          unit: shiftOptional(s.unit, delta),
        }),
      };
    }
    case 'budget': {
      const b = f.value;
      const value = { range: shiftRange(b.range, delta), keys: shiftKeys(b.keys, delta) };
      return {
        name: 'budget',
        value: assignDefined<BudgetSpec>(value, {
          steps: shiftOptional(b.steps, delta),
          batch_size: shiftOptional(b.batch_size, delta),
          examples: shiftOptional(b.examples, delta),
          tokens: shiftOptional(b.tokens, delta),
          max_epochs: shiftOptional(b.max_epochs, delta),
        }),
      };
    }
    case 'results':
      return { name: 'results', value: shiftResults(f.value, delta) };
    case 'tasks':
      return { name: 'tasks', tasksKey: shiftRange(f.tasksKey, delta), entries: f.entries.map((e) => shiftEntry(e, delta)) };
  }
}

export function shiftTopPart(p: TopPart, delta: number): TopPart {
  const out: TopPart = { keyInfo: shiftKeyInfo(p.keyInfo, delta) };
  if (p.field) out.field = shiftField(p.field, delta);
  return out;
}

function shiftRelated(r: RelatedInformation, delta: number): RelatedInformation {
  return r.file === undefined ? { ...r, range: shiftRange(r.range, delta) } : r;
}

/** A diagnostic moved by `delta`, with its related ranges and fix edits in the same file. */
export function shiftDiagnostic(d: Diagnostic, delta: number): Diagnostic {
  const out: Diagnostic = { ...d, range: shiftRange(d.range, delta) };
  if (d.related) out.related = d.related.map((r) => shiftRelated(r, delta));
  if (d.fixes) {
    out.fixes = d.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((e) => (e.file === undefined ? { ...e, range: shiftRange(e.range, delta) } : e)),
    }));
  }
  return out;
}
