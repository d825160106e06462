// Checks across the tasks of one file (and the tasks its includes reach): names, prefixes,
// definitions of one task along several paths, and the task names `results` uses.
import { dirname, resolve } from 'node:path';
import type { Diagnostic, Fix, IncludeEntry, Located, MixtureModel, Range, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { suggest } from './didYouMean';
import { PrefixIndex } from './prefixIndex';
import { appendToScalarEdit, replaceEdit, yamlString } from '../edit';

/** A task reached through an `include` of this file (directly or deeper). */
export interface IncludedTask {
  name: string;
  prefix?: string;
  examples?: number;
  /** Absolute path of its `data`, resolved against the file that defines it. */
  data?: string;
  /** Absolute path of the file that defines it. */
  file: string;
  /** Range of its name in that file, for related information. */
  range?: Range;
  /** The include item of this file through which it is reached. */
  via: IncludeEntry;
}

export interface TaskCheckContext {
  /** Absolute path of this file: resolves local `data` to compare it with included definitions. */
  file?: string;
  /** Every task the includes reach; absent means the includes are not resolved (then `results` may name anything). */
  included?: readonly IncludedTask[];
}

type NamedTask = TaskEntry & { name: Located<string> };

/** Cross-task diagnostics of this file; O(n log n) in the number of tasks. */
export function checkTasks(model: MixtureModel, text?: string, ctx?: TaskCheckContext): Diagnostic[] {
  const prefixes = new PrefixIndex();
  prefixes.update(model.tasks, ctx?.included ?? []);
  const { names, conflicts, results } = nameChecks(model, text, ctx);
  return [...names, ...prefixes.diagnostics(), ...conflicts, ...results];
}

/** The checks other than the prefix index's: task names, results names, definitions that disagree. */
function nameChecks(model: MixtureModel, text: string | undefined, ctx: TaskCheckContext | undefined): { names: Diagnostic[]; conflicts: Diagnostic[]; results: Diagnostic[] } {
  const local = model.tasks.filter((e): e is NamedTask => e.kind === 'task' && e.name !== undefined);
  const included = ctx?.included ?? [];
  const allNames = new Set<string>();
  for (const e of local) allNames.add(e.name.value);
  for (const t of included) allNames.add(t.name);
  return { names: duplicateNames(local, allNames, text), conflicts: definitionConflicts(local, included, ctx?.file), results: resultsNames(model, allNames, ctx) };
}

/**
 * checkTasks for one file across its edits, with the same answers for less work per keystroke: the prefix checks
 * keep an index that each edit updates, and the other checks are skipped while nothing they read has changed
 * since they last found nothing (an empty answer has no ranges that an edit could have moved).
 */
export class TaskChecker {
  private readonly prefixes = new PrefixIndex();
  private readonly read = new ReadValues();
  /** The other checks found nothing last time. */
  private quiet = false;

  check(model: MixtureModel, text: string, ctx: TaskCheckContext): Diagnostic[] {
    this.prefixes.update(model.tasks, ctx.included ?? []);
    const changed = this.readByNameChecks(model, ctx);
    const prefixes = this.prefixes.diagnostics();
    if (!changed && this.quiet) return prefixes;
    const { names, conflicts, results } = nameChecks(model, text, ctx);
    this.quiet = names.length === 0 && conflicts.length === 0 && results.length === 0;
    return this.quiet ? prefixes : [...names, ...prefixes, ...conflicts, ...results];
  }

  /** Records what nameChecks reads; true when any of it differs from the last call. */
  private readByNameChecks(model: MixtureModel, ctx: TaskCheckContext): boolean {
    const r = this.read;
    r.begin();
    const included = ctx.included;
    // Local prefixes, examples and data matter only to conflicts with included definitions.
    const withIncludes = included !== undefined && included.length > 0;
    r.put(ctx.file);
    r.put(included === undefined ? -1 : included.length);
    let viaIndex: Map<IncludeEntry, number> | undefined;
    for (let i = 0; i < model.tasks.length; i++) {
      const e = model.tasks[i]!;
      if (e.kind === 'include') {
        // Whether there are includes matters while they are unresolved; which item reaches a task, when resolved.
        r.put(INCLUDE);
        if (withIncludes) (viaIndex ??= new Map()).set(e, i);
      } else if (e.kind === 'task' && e.name) {
        r.put(e.name.value);
        if (withIncludes) {
          r.put(e.prefix?.value);
          r.put(e.examples?.value);
          r.put(e.data?.value);
        }
      }
    }
    for (const t of included ?? []) {
      r.put(t.name);
      r.put(t.prefix);
      r.put(t.examples);
      r.put(t.data);
      r.put(t.file);
      r.put(viaIndex?.get(t.via));
    }
    const res = model.results;
    if (res) {
      r.put(SINGLE);
      for (const name of res.single_task?.keys() ?? []) r.put(name);
      r.put(MULTI);
      for (const name of res.multi_task?.keys() ?? []) r.put(name);
      r.put(PAIRWISE);
      for (const [target, t] of res.pairwise ?? []) {
        r.put(target);
        for (const source of t.sources.keys()) r.put(source);
        r.put(END);
      }
    }
    return r.end();
  }
}

// Markers between the names in ReadValues: symbols, so that no name can stand for one.
const INCLUDE = Symbol('include');
const SINGLE = Symbol('single_task');
const MULTI = Symbol('multi_task');
const PAIRWISE = Symbol('pairwise');
const END = Symbol('end');

/** What a check read last time, as one flat sequence compared and overwritten in place: no allocation while nothing changes. */
class ReadValues {
  private readonly values: unknown[] = [];
  private length = 0;
  private changed = false;

  begin(): void {
    this.length = 0;
    this.changed = false;
  }

  put(value: unknown): void {
    if (this.length < this.values.length) {
      if (this.values[this.length] !== value) {
        this.values[this.length] = value;
        this.changed = true;
      }
    } else {
      this.values.push(value);
      this.changed = true;
    }
    this.length++;
  }

  /** True when anything put since `begin` differs from the sequence before. */
  end(): boolean {
    if (this.values.length !== this.length) {
      this.values.length = this.length;
      this.changed = true;
    }
    return this.changed;
  }
}

function duplicateNames(local: NamedTask[], taken: Set<string>, text: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, TaskEntry & { name: Located<string> }>();
  // Copied only when there is a duplicate to rename: the common case is a file without any.
  let used: Set<string> | undefined;
  for (const e of local) {
    const seen = first.get(e.name.value);
    if (!seen) {
      first.set(e.name.value, e);
      continue;
    }
    used ??= new Set(taken);
    let n = 2;
    while (used.has(`${e.name.value}_${n}`)) n++;
    const renamed = `${e.name.value}_${n}`;
    used.add(renamed);
    const fixes: Fix[] = text !== undefined
      ? [{ title: `Rename to \`${renamed}\``, edits: [appendToScalarEdit(text, e.name.range, e.name.value, `_${n}`)], preferred: true }]
      : [];
    out.push(
      makeDiagnostic('duplicate-task-name', e.name.range, `Task \`${e.name.value}\` is already defined in this file: task names must be unique. Rename this one (e.g. \`${renamed}\`) or remove it.`, {
        related: [{ message: `First definition of \`${e.name.value}\``, range: seen.name.range }],
        fixes,
      }),
    );
  }
  return out;
}

function definitionConflicts(local: NamedTask[], included: readonly IncludedTask[], file: string | undefined): Diagnostic[] {
  if (included.length === 0) return [];
  const out: Diagnostic[] = [];
  const byName = new Map<string, IncludedTask[]>();
  for (const t of included) {
    const g = byName.get(t.name);
    if (g) g.push(t);
    else byName.set(t.name, [t]);
  }
  const localData = (e: TaskEntry): string | undefined => (e.data ? (file ? resolve(dirname(file), e.data.value) : e.data.value) : undefined);
  const localNames = new Set<string>();
  for (const e of local) {
    localNames.add(e.name.value);
    const others = byName.get(e.name.value);
    if (!others) continue;
    const fields: [string, Located<unknown> | undefined, unknown, (t: IncludedTask) => unknown][] = [
      ['prefix', e.prefix, e.prefix?.value, (t) => t.prefix],
      ['examples', e.examples, e.examples?.value, (t) => t.examples],
      ['data', e.data, localData(e), (t) => t.data],
    ];
    for (const [field, located, mine, theirs] of fields) {
      if (!located) continue;
      const clash = others.find((t) => theirs(t) !== undefined && theirs(t) !== mine);
      if (!clash) continue;
      const value = theirs(clash);
      const fixes: Fix[] = field === 'prefix'
        ? [{ title: `Use the included prefix ${JSON.stringify(value)}`, edits: [replaceEdit(located.range, JSON.stringify(value))] }]
        : field === 'examples'
          ? [{ title: `Use the included examples ${value}`, edits: [replaceEdit(located.range, String(value))] }]
          : [];
      out.push(
        makeDiagnostic('task-definition-conflict', located.range, `Task \`${e.name.value}\` is also defined in ${clash.file} with ${field} ${JSON.stringify(value)}: one task's definitions must agree on ${field}. Make them equal, or rename one task.`, {
          related: [{ message: `Other definition of \`${e.name.value}\``, range: clash.range ?? [0, 0], file: clash.file }],
          fixes,
        }),
      );
    }
  }
  // Two includes that define one task differently (and no local definition to point at).
  for (const [name, defsOfName] of byName) {
    if (localNames.has(name) || defsOfName.length < 2) continue;
    const first = defsOfName[0];
    for (const t of defsOfName.slice(1)) {
      if (t.via === first.via) continue;
      const field = (['prefix', 'examples', 'data'] as const).find((f) => first[f] !== undefined && t[f] !== undefined && first[f] !== t[f]);
      if (!field) continue;
      out.push(
        makeDiagnostic('task-definition-conflict', t.via.include.range, `Task \`${name}\` is defined with different ${field} in ${first.file} and ${t.file}: one task's definitions must agree.`, {
          related: [
            { message: `\`${name}\` with ${field} ${JSON.stringify(first[field])}`, range: first.range ?? [0, 0], file: first.file },
            { message: `\`${name}\` with ${field} ${JSON.stringify(t[field])}`, range: t.range ?? [0, 0], file: t.file },
          ],
        }),
      );
    }
  }
  return out;
}

function resultsNames(model: MixtureModel, known: Set<string>, ctx: TaskCheckContext | undefined): Diagnostic[] {
  const r = model.results;
  if (!r) return [];
  // With includes not resolved, any name may be one of their tasks.
  if (ctx?.included === undefined && model.tasks.some((e) => e.kind === 'include')) return [];
  const names: { name: string; range: Range; where: string }[] = [];
  for (const [name, v] of r.single_task ?? []) names.push({ name, range: v.nameRange, where: 'single_task' });
  for (const [name, v] of r.multi_task ?? []) names.push({ name, range: v.nameRange, where: 'multi_task' });
  for (const [target, t] of r.pairwise ?? []) {
    names.push({ name: target, range: t.nameRange, where: 'pairwise' });
    for (const [source, v] of t.sources) names.push({ name: source, range: v.nameRange, where: 'pairwise' });
  }
  const candidates = [...known];
  const out: Diagnostic[] = [];
  for (const n of names) {
    if (known.has(n.name)) continue;
    const guess = suggest(n.name, candidates);
    out.push(
      makeDiagnostic('results-unknown-task', n.range, guess
        ? `\`results.${n.where}\` names \`${n.name}\`, which is not a task of this mixture: did you mean \`${guess}\`?`
        : `\`results.${n.where}\` names \`${n.name}\`, which is not a task of this mixture: fix the name or remove the score.`, {
        fixes: guess ? [{ title: `Change to \`${guess}\``, edits: [replaceEdit(n.range, yamlString(guess))], preferred: true }] : [],
      }),
    );
  }
  return out;
}
