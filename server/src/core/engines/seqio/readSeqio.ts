// seqio (and T5) mixture registrations read statically from Python: `seqio.MixtureRegistry.add(name, tasks,
// default_rate=...)` with `tasks` a list of names and (name, rate) pairs (seqio/dataset_providers.py Mixture).
// A rate is a number, or a rate function: `seqio.mixing_rate_num_examples` / `t5.data.rate_num_examples`, bare or
// through `functools.partial(..., maximum=..., temperature=..., scale=...)` (seqio/utils.py: scale, then the
// maximum, then the power 1/T: TaskMix's proportional and temperature strategies with `cap` and `scale`). A name
// registered as a mixture in the same file is a sub-mixture (its rate must be a number: Mixture's
// _get_submixture_rate); every other name is a task. Registrations that are computed (in loops, from
// comprehensions) cannot be read without running Python: they are named in the error or notes.
import type { Node } from 'web-tree-sitter';
import type { Range } from '../../types';
import { EngineFileError, MixtureChoiceNeeded, type EngineFile, type ImportedEntry, type ImportedMixture, type ImportedSampling, type ImportNote, type ImportResult } from '../model';
import { mixtureName } from '../names';
import { parsePython } from '../python/pythonParser';
import { argument, callsOf, evaluate, ModuleScope, rangeOfNode, shortSource as shortText, syntaxError, type PyValue } from '../python/pythonValues';

/** A rate as the registration writes it. */
export type SeqioRate =
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'examples'; maximum?: number; temperature: number; scale: number; range: Range; text: string; extras: string[] }
  | { kind: 'unknown'; text: string; why: string; range: Range };

export interface SeqioEntry {
  name: string;
  range: Range;
  /** Absent: the registration's default_rate applies. */
  rate?: SeqioRate;
}

export interface SeqioRegistration {
  name: string;
  range: Range;
  entries: SeqioEntry[];
  defaultRate?: SeqioRate;
  /** Arguments the format has no place for (sample_fn, ...), as written. */
  extras: string[];
}

const RATE_FUNCTIONS = /(^|\.)(mixing_rate_num_examples|rate_num_examples)$/;

/** Why a value is not the literal a registration needs. */
function notLiteral(v: PyValue): string {
  if (v.kind === 'opaque') return v.why;
  if (v.kind === 'ref') return `${v.name} is not bound to a literal at module level`;
  if (v.kind === 'call') return `${shortText(v.node)} is computed when Python runs`;
  return `${shortText(v.node)} is a ${v.kind}`;
}

function rateOf(v: PyValue, file: string): SeqioRate {
  const range = rangeOfNode(v.node);
  if (v.kind === 'number') {
    if (!Number.isFinite(v.value) || v.value < 0) throw new EngineFileError(`the rate ${v.node.text} is ${v.value < 0 ? 'negative' : 'not finite'}: a mixing rate is a number >= 0`, file, range);
    return { kind: 'number', value: v.value, range };
  }
  if (v.kind === 'ref' && RATE_FUNCTIONS.test(v.name)) return { kind: 'examples', temperature: 1, scale: 1, range, text: shortText(v.node), extras: [] };
  if (v.kind === 'call' && /(^|\.)partial$/.test(v.callee) && v.args[0]?.kind === 'ref' && RATE_FUNCTIONS.test(v.args[0].name)) {
    const rate: Extract<SeqioRate, { kind: 'examples' }> = { kind: 'examples', temperature: 1, scale: 1, range, text: shortText(v.node), extras: [] };
    if (v.args.length > 1) return { kind: 'unknown', text: shortText(v.node), why: 'positional arguments to the rate function', range };
    for (const [key, value] of v.kwargs) {
      if (key === 'maximum') {
        if (value.kind === 'none') continue;
        if (value.kind !== 'number' || !(value.value >= 0)) return { kind: 'unknown', text: shortText(v.node), why: `maximum=${value.node.text} is not a number`, range };
        // seqio: `if maximum:` -- 0 means no cap, as in the mixture format.
        if (value.value > 0) rate.maximum = value.value;
      } else if (key === 'temperature' || key === 'scale') {
        if (value.kind !== 'number' || !(value.value > 0)) return { kind: 'unknown', text: shortText(v.node), why: `${key}=${value.node.text} is not a number > 0`, range };
        rate[key] = value.value;
      } else rate.extras.push(`${key}=${value.node.text}`);
    }
    return rate;
  }
  const why = v.kind === 'opaque' ? v.why : v.kind === 'ref' ? `${v.name} is not a rate TaskMix knows` : `${v.node.text} is not a number or a known rate function`;
  return { kind: 'unknown', text: shortText(v.node), why, range };
}

/** One registration, or why it cannot be read. */
function readRegistration(call: Node, scope: ModuleScope, file: string): SeqioRegistration | EngineFileError {
  const v = evaluate(call, scope);
  if (v.kind !== 'call') return new EngineFileError(`this registration cannot be read: ${v.kind === 'opaque' ? v.why : 'not a call'}`, file, rangeOfNode(call));
  const nameArg = argument(v, 0, 'name');
  if (!nameArg || nameArg.kind !== 'string') {
    return new EngineFileError(`the mixture's name is not a string literal${nameArg ? ` (${notLiteral(nameArg)})` : ''}: TaskMix reads registrations without running Python`, file, rangeOfNode(nameArg?.node ?? call));
  }
  const tasksArg = argument(v, 1, 'tasks');
  if (!tasksArg || (tasksArg.kind !== 'list' && tasksArg.kind !== 'tuple')) {
    const why = tasksArg ? notLiteral(tasksArg) : 'no tasks';
    return new EngineFileError(`mixture ${nameArg.value}: its tasks are not a literal list (${why}): TaskMix reads registrations without running Python`, file, rangeOfNode(tasksArg?.node ?? call));
  }
  const entries: SeqioEntry[] = [];
  for (const item of tasksArg.items) {
    if (item.kind === 'string') entries.push({ name: item.value, range: rangeOfNode(item.node) });
    else if ((item.kind === 'tuple' || item.kind === 'list') && item.items.length === 2 && item.items[0]!.kind === 'string') {
      entries.push({ name: item.items[0].value, range: rangeOfNode(item.items[0].node), rate: rateOf(item.items[1]!, file) });
    } else {
      const why = item.kind === 'opaque' ? item.why : `${shortText(item.node)} is neither a task name nor a (name, rate) pair`;
      return new EngineFileError(`mixture ${nameArg.value}: ${why}`, file, rangeOfNode(item.node));
    }
  }
  if (entries.length === 0) return new EngineFileError(`mixture ${nameArg.value} has no tasks (seqio: "does not contain any Tasks")`, file, rangeOfNode(tasksArg.node));
  const registration: SeqioRegistration = { name: nameArg.value, range: rangeOfNode(nameArg.node), entries, extras: [] };
  const def = argument(v, 2, 'default_rate');
  if (def && def.kind !== 'none') registration.defaultRate = rateOf(def, file);
  for (const [key, value] of v.kwargs) if (!['name', 'tasks', 'default_rate'].includes(key)) registration.extras.push(`${key}=${shortText(value.node)}`);
  return registration;
}

/** Every `MixtureRegistry.add(...)` of a Python file: the readable ones, and why the others are not. */
export async function readSeqioRegistrations(file: EngineFile): Promise<{ registrations: SeqioRegistration[]; unreadable: EngineFileError[] }> {
  const tree = await parsePython(file.text);
  try {
    const bad = syntaxError(tree);
    if (bad) throw new EngineFileError('Python syntax error here: the file cannot be read', file.path, bad);
    const scope = new ModuleScope(tree);
    const calls = callsOf(tree, (callee) => /(^|\.)MixtureRegistry\.add$/.test(callee));
    const registrations: SeqioRegistration[] = [];
    const unreadable: EngineFileError[] = [];
    for (const call of calls) {
      const r = readRegistration(call, scope, file.path);
      if (r instanceof EngineFileError) unreadable.push(r);
      else registrations.push(r);
    }
    return { registrations, unreadable };
  } finally {
    tree.delete();
  }
}

/** Whether two rate functions are one strategy (cap and temperature); `scale` is each task's own. */
function sameStrategy(a: SeqioRate, b: SeqioRate): boolean {
  return a.kind === 'examples' && b.kind === 'examples' && a.maximum === b.maximum && a.temperature === b.temperature;
}

/** A registration as an imported mixture, its sub-mixtures included (`stack` catches a mixture that includes itself). */
function toMixture(reg: SeqioRegistration, byName: Map<string, SeqioRegistration>, file: string, notes: ImportNote[], stack: string[]): ImportedMixture {
  const effective = (e: SeqioEntry) => e.rate ?? reg.defaultRate;
  const functions = reg.entries.map(effective).filter((r): r is Extract<SeqioRate, { kind: 'examples' }> => r?.kind === 'examples');
  const strategyRate = functions[0];
  let sampling: ImportedSampling = { strategy: 'manual' };
  if (strategyRate) {
    sampling = strategyRate.temperature !== 1 ? { strategy: 'temperature', temperature: strategyRate.temperature } : { strategy: 'proportional' };
    if (strategyRate.maximum !== undefined) sampling.cap = strategyRate.maximum;
  } else if (reg.defaultRate?.kind === 'number') sampling.defaultRate = reg.defaultRate.value;
  const comments: string[] = [];
  if (strategyRate) comments.push(`rate function ${strategyRate.text}: sizes come from each task's \`examples\` (seqio counts the cached train split).`);
  if (strategyRate?.extras.length) comments.push(`rate function arguments not carried: ${strategyRate.extras.join(', ')}`);
  if (reg.extras.length) comments.push(`not carried: ${reg.extras.join(', ')}`);

  const entries: ImportedEntry[] = reg.entries.map((e): ImportedEntry => {
    const rate = effective(e);
    const sub = byName.get(e.name);
    if (!rate) throw new EngineFileError(`mixture ${reg.name}: ${e.name} has no rate and there is no default_rate (seqio: "need a rate for each task")`, file, e.range);
    if (sub && sub !== reg) {
      if (stack.includes(sub.name)) throw new EngineFileError(`mixture ${sub.name} includes itself (${[...stack, sub.name].join(' > ')})`, file, e.range);
      if (rate.kind !== 'number') {
        throw new EngineFileError(`the rate of sub-mixture ${e.name} must be a number (seqio's Mixture._get_submixture_rate), not ${rate.text}`, file, e.rate?.range ?? e.range);
      }
      return { kind: 'include', rate: rate.value, mixture: toMixture(sub, byName, file, notes, [...stack, sub.name]), comments: [] };
    }
    const task: Extract<ImportedEntry, { kind: 'task' }> = { kind: 'task', name: e.name, comments: [] };
    if (rate.kind === 'number') {
      // Under a manual mixture a task without its own rate takes default_rate; write the rate only where given.
      if (e.rate || strategyRate) task.rate = rate.value;
    } else if (rate.kind === 'examples') {
      if (strategyRate && !sameStrategy(rate, strategyRate)) {
        task.comments.push(`${e.name}: its own rate function ${rate.text} differs from the mixture's; TaskMix uses the mixture's`);
        notes.push({ severity: 'warning', message: `${e.name}: rate ${rate.text} differs from the mixture's ${strategyRate.text}; the import uses the mixture's`, file, range: rate.range });
      } else if (rate.scale !== 1) task.scale = rate.scale;
    } else {
      task.comments.push(`${e.name}: rate ${rate.text} (not read: ${rate.why})`);
      notes.push({ severity: 'warning', message: `${e.name}: the rate ${rate.text} cannot be read statically (${rate.why}); give the task a \`rate:\``, file, range: rate.range });
    }
    return task;
  });
  const missing = entries.filter((e) => e.kind === 'task' && strategyRate && e.rate === undefined).map((e) => (e as { name: string }).name);
  if (missing.length) {
    notes.push({ severity: 'info', message: `the rates of mixture ${reg.name} need the tasks' sizes: add \`examples:\` to ${missing.join(', ')}`, file, range: reg.range });
  }
  return { name: mixtureName(reg.name), sampling, entries, comments };
}

/** `taskmix import --from seqio` (`mixture` picks one of several registrations). */
export async function importSeqio(file: EngineFile, mixture?: string): Promise<ImportResult> {
  const { registrations, unreadable } = await readSeqioRegistrations(file);
  const byName = new Map(registrations.map((r) => [r.name, r]));
  const notes: ImportNote[] = [];
  let root: SeqioRegistration | undefined;
  if (mixture !== undefined) {
    root = byName.get(mixture);
    if (!root) {
      const bad = unreadable.find((u) => u.message.startsWith(`mixture ${mixture}:`));
      if (bad) throw bad;
      throw new EngineFileError(`no mixture ${mixture} registered in this file${registrations.length ? ` (it registers ${registrations.map((r) => r.name).join(', ')})` : ''}`, file.path, [0, 0]);
    }
  } else if (registrations.length === 1) root = registrations[0]!;
  else if (registrations.length > 1) throw new MixtureChoiceNeeded(file.path, registrations.map((r) => ({ name: r.name, range: r.range })));
  else {
    if (unreadable[0]) throw unreadable[0];
    throw new EngineFileError('no seqio.MixtureRegistry.add(...) call: this Python file registers no mixture', file.path, [0, 0]);
  }
  // Said only when the file's one readable registration was taken for lack of --mixture.
  if (mixture === undefined) for (const u of unreadable) notes.push({ severity: 'info', message: `skipped: ${u.message}`, file: u.file, range: u.range });
  return { format: 'seqio', mixture: toMixture(root, byName, file.path, notes, [root.name]), notes };
}
