// From `yaml`'s AST to the typed MixtureModel. One top-level pair or one `tasks:` item is read at a time, so
// the full parse and the incremental document (which parses pieces of the file alone) share every rule here.

import { isMap, isScalar, isSeq, type ParsedNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type {
  BudgetSpec,
  FieldMapping,
  KeyInfo,
  Located,
  MixtureEntry,
  MixtureModel,
  Range,
  ResultsSpec,
  SamplingSpec,
  TaskEntry,
} from '../types';
import {
  keyInfoOf,
  keyText,
  seqItemEnd,
  seqItemStart,
  fileRange,
  type ParsedPair,
  type ReadContext,
  type ValueNode,
} from './yamlNodes';

type ScoreMap = NonNullable<ResultsSpec['single_task']>;
type PairwiseMap = NonNullable<ResultsSpec['pairwise']>;

/** The model field a top-level pair sets, if its key is known and its value has the right type. */
export type TopField =
  | { name: 'mixture' | 'description' | 'tokenizer' | 'engine'; value: Located<string> }
  | { name: 'sampling'; value: SamplingSpec }
  | { name: 'budget'; value: BudgetSpec }
  | { name: 'results'; value: ResultsSpec }
  | { name: 'tasks'; tasksKey: Range; entries: MixtureEntry[] };

/** What one top-level pair contributes to the model. */
export interface TopPart {
  keyInfo: KeyInfo;
  field?: TopField;
}

/** Keys that make a `tasks:` item a task definition (the validator reports the unknown ones). */
const TASK_KEYS = new Set(['name', 'prefix', 'examples', 'tokens', 'data', 'fields', 'eval', 'metrics', 'scale', 'rate', 'tags']);

/** Shares its range arrays with the key's KeyInfo: a 10,000-task model holds a great many ranges. */
function located<T>(info: KeyInfo, value: T): Located<T> {
  return { value, range: info.valueRange, keyRange: info.keyRange };
}

function scalarValue(node: ParsedNode | null, ctx: ReadContext): unknown {
  const resolved = ctx.resolve(node);
  return resolved && isScalar(resolved) ? resolved.value : undefined;
}

/** A key and its pair, as read from a map. */
interface KeyedPair {
  info: KeyInfo;
  pair: ParsedPair;
}

function readString({ info, pair }: KeyedPair, ctx: ReadContext): Located<string> | undefined {
  const v = scalarValue(pair.value, ctx);
  return typeof v === 'string' ? located(info, v) : undefined;
}

function readNumber({ info, pair }: KeyedPair, ctx: ReadContext): Located<number> | undefined {
  const v = scalarValue(pair.value, ctx);
  return typeof v === 'number' ? located(info, v) : undefined;
}

function readBoolean({ info, pair }: KeyedPair, ctx: ReadContext): Located<boolean> | undefined {
  const v = scalarValue(pair.value, ctx);
  return typeof v === 'boolean' ? located(info, v) : undefined;
}

function mapOf(node: ParsedNode | null, ctx: ReadContext): YAMLMap.Parsed | undefined {
  const resolved = ctx.resolve(node);
  return resolved && isMap(resolved) ? resolved : undefined;
}

function seqOf(node: ParsedNode | null, ctx: ReadContext): YAMLSeq.Parsed | undefined {
  const resolved = ctx.resolve(node);
  return resolved && isSeq(resolved) ? resolved : undefined;
}

/** The string items of a sequence value (others are left out; the validator checks item types). */
function readStringList({ pair }: KeyedPair, ctx: ReadContext): Located<string>[] | undefined {
  const seq = seqOf(pair.value, ctx);
  if (!seq) return undefined;
  const out: Located<string>[] = [];
  for (const item of seq.items) {
    const v = scalarValue(item, ctx);
    if (typeof v === 'string') out.push({ value: v, range: fileRange(item, ctx) });
  }
  return out;
}

/** Runs `read` on each pair of a map value; the first of duplicate keys wins (yaml reports the rest). */
function readMapKeys(map: YAMLMap.Parsed, ctx: ReadContext, read: (key: string, kp: KeyedPair) => void): KeyInfo[] {
  const keys: KeyInfo[] = [];
  for (const pair of map.items as ParsedPair[]) {
    const info = keyInfoOf(pair, ctx);
    keys.push(info);
    read(info.key, { info, pair });
  }
  return keys;
}

function readFields({ info, pair }: KeyedPair, ctx: ReadContext): FieldMapping | undefined {
  const map = mapOf(pair.value, ctx);
  if (!map) return undefined;
  const fields: FieldMapping = { range: info.valueRange };
  // Every key written (unknown ones too), so that the validator can report `inputs` and the like.
  fields.keys = readMapKeys(map, ctx, (key, kp) => {
    if ((key === 'input' || key === 'target') && !fields[key]) fields[key] = readString(kp, ctx);
  });
  return fields;
}

/** The item `index` of the `tasks:` sequence as an entry, its range running from the `-` to its last value. */
export function readEntry(seq: YAMLSeq.Parsed, index: number, ctx: ReadContext): MixtureEntry {
  const range: Range = [seqItemStart(seq, index, ctx.text) + ctx.offset, seqItemEnd(seq, index, ctx.text) + ctx.offset];
  const map = mapOf(seq.items[index], ctx);
  if (!map) return { kind: 'invalid', range, keys: [] };
  const pairs = new Map<string, KeyedPair>();
  const keys = readMapKeys(map, ctx, (key, kp) => {
    if (!pairs.has(key)) pairs.set(key, kp);
  });
  const includePair = pairs.get('include');
  if (includePair) {
    const include = readString(includePair, ctx);
    if (!include) return { kind: 'invalid', range, keys };
    const ratePair = pairs.get('rate');
    const rate = ratePair && readNumber(ratePair, ctx);
    return rate ? { kind: 'include', range, include, rate, keys } : { kind: 'include', range, include, keys };
  }
  if (!keys.some((k) => TASK_KEYS.has(k.key))) return { kind: 'invalid', range, keys };
  const entry: TaskEntry = { kind: 'task', range, keys };
  const fields = entry as unknown as Record<string, unknown>;
  for (const [key, pair] of pairs) {
    let value: unknown;
    if (key === 'name' || key === 'prefix' || key === 'data' || key === 'eval') value = readString(pair, ctx);
    else if (key === 'examples' || key === 'tokens' || key === 'scale' || key === 'rate') value = readNumber(pair, ctx);
    else if (key === 'metrics' || key === 'tags') value = readStringList(pair, ctx);
    else if (key === 'fields') value = readFields(pair, ctx);
    if (value !== undefined) fields[key] = value;
  }
  return entry;
}

/** Every item of a `tasks:` sequence. */
export function readEntries(seq: YAMLSeq.Parsed, ctx: ReadContext): MixtureEntry[] {
  return seq.items.map((_, i) => readEntry(seq, i, ctx));
}

function readSampling(map: YAMLMap.Parsed, range: Range, ctx: ReadContext): SamplingSpec {
  const spec: SamplingSpec = { range, keys: [] };
  spec.keys = readMapKeys(map, ctx, (key, pair) => {
    if (key === 'strategy' || key === 'unit') spec[key] ??= readString(pair, ctx);
    else if (key === 'temperature' || key === 'cap' || key === 'default_rate') spec[key] ??= readNumber(pair, ctx);
  });
  return dropUndefined(spec);
}

function readBudget(map: YAMLMap.Parsed, range: Range, ctx: ReadContext): BudgetSpec {
  const spec: BudgetSpec = { range, keys: [] };
  spec.keys = readMapKeys(map, ctx, (key, pair) => {
    if (key === 'steps' || key === 'batch_size' || key === 'examples' || key === 'tokens' || key === 'max_epochs') {
      spec[key] ??= readNumber(pair, ctx);
    }
  });
  return dropUndefined(spec);
}

/** `name: score` pairs; names whose score is not a number are left out. */
function readScores(map: YAMLMap.Parsed, ctx: ReadContext): ScoreMap {
  const scores: ScoreMap = new Map();
  readMapKeys(map, ctx, (name, pair) => {
    const score = readNumber(pair, ctx);
    if (score && !scores.has(name)) scores.set(name, { ...score, nameRange: pair.info.keyRange });
  });
  return scores;
}

function readPairwise(map: YAMLMap.Parsed, ctx: ReadContext): PairwiseMap {
  const pairwise: PairwiseMap = new Map();
  for (const pair of map.items as ParsedPair[]) {
    const sources = mapOf(pair.value, ctx);
    const target = keyText(pair.key as ParsedNode | null, ctx);
    if (!sources || pairwise.has(target)) continue;
    pairwise.set(target, { nameRange: keyInfoOf(pair, ctx).keyRange, sources: readScores(sources, ctx) });
  }
  return pairwise;
}

function readResults(map: YAMLMap.Parsed, range: Range, ctx: ReadContext): ResultsSpec {
  const spec: ResultsSpec = { range, keys: [] };
  spec.keys = readMapKeys(map, ctx, (key, kp) => {
    if (key === 'metric') spec.metric ??= readString(kp, ctx);
    else if (key === 'higher_is_better') spec.higher_is_better ??= readBoolean(kp, ctx);
    else if (key === 'single_task' || key === 'multi_task' || key === 'pairwise') {
      const scores = mapOf(kp.pair.value, ctx);
      if (!scores || spec[key]) return;
      if (key === 'pairwise') spec.pairwise = readPairwise(scores, ctx);
      else spec[key] = readScores(scores, ctx);
    }
  });
  return dropUndefined(spec);
}

function dropUndefined<T extends object>(spec: T): T {
  for (const k of Object.keys(spec) as (keyof T)[]) if (spec[k] === undefined) delete spec[k];
  return spec;
}

/** One top-level pair: its key, and the model field it sets when the value has the right type. */
export function readTopPair(pair: ParsedPair, ctx: ReadContext): TopPart {
  const keyInfo = keyInfoOf(pair, ctx);
  const part: TopPart = { keyInfo };
  const keyed: KeyedPair = { info: keyInfo, pair };
  const value = pair.value as ParsedNode | null;
  const resolved: ValueNode | undefined = ctx.resolve(value);
  switch (keyInfo.key) {
    case 'mixture':
    case 'description':
    case 'tokenizer':
    case 'engine': {
      const value = readString(keyed, ctx);
      if (value) part.field = { name: keyInfo.key, value };
      break;
    }
    case 'sampling':
      if (resolved && isMap(resolved)) part.field = { name: 'sampling', value: readSampling(resolved, keyInfo.valueRange, ctx) };
      break;
    case 'budget':
      if (resolved && isMap(resolved)) part.field = { name: 'budget', value: readBudget(resolved, keyInfo.valueRange, ctx) };
      break;
    case 'results':
      if (resolved && isMap(resolved)) part.field = { name: 'results', value: readResults(resolved, keyInfo.valueRange, ctx) };
      break;
    case 'tasks':
      part.field = {
        name: 'tasks',
        tasksKey: keyInfo.keyRange,
        entries: resolved && isSeq(resolved) ? readEntries(resolved, ctx) : [],
      };
      break;
  }
  return part;
}

/** The model from its top-level parts, in file order; of duplicate keys the first sets the field. */
export function assembleModel(parts: readonly TopPart[], textLength: number): MixtureModel {
  const model: MixtureModel = { textLength, keys: [], tasks: [] };
  let tasksSeen = false;
  for (const { keyInfo, field } of parts) {
    model.keys.push(keyInfo);
    if (!field) continue;
    if (field.name === 'tasks') {
      if (tasksSeen) continue;
      tasksSeen = true;
      model.tasksKey = field.tasksKey;
      model.tasks = field.entries;
    } else if (model[field.name] === undefined) {
      (model as unknown as Record<string, unknown>)[field.name] = field.value;
    }
  }
  return model;
}

/** An empty model (empty file, or one that could not be read). */
export function emptyModel(textLength: number): MixtureModel {
  return { textLength, keys: [], tasks: [] };
}
