// Checks across the tasks of one file (and the tasks its includes reach): names, prefixes,
// definitions of one task along several paths, and the task names `results` uses.
import { dirname, resolve } from 'node:path';
import type { Diagnostic, Fix, IncludeEntry, Located, MixtureModel, Range, RelatedInformation, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { suggest } from './didYouMean';
import { appendToScalarEdit, replaceEdit, yamlString } from './textEdits';

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

/** One definition of a task: in this file, or reached through an include. */
interface TaskDefinition {
  name: string;
  prefix?: string;
  local?: TaskEntry;
  included?: IncludedTask;
  order: number;
}

function relatedOf(d: TaskDefinition, message: string): RelatedInformation {
  if (d.local) return { message, range: d.local.prefix?.range ?? d.local.name!.range };
  return { message, range: d.included!.range ?? [0, 0], file: d.included!.file };
}

/** Cross-task diagnostics of this file; O(n log n) in the number of tasks. */
export function checkTasks(model: MixtureModel, text?: string, ctx?: TaskCheckContext): Diagnostic[] {
  const local = model.tasks.filter((e): e is TaskEntry & { name: Located<string> } => e.kind === 'task' && e.name !== undefined);
  const included = ctx?.included ?? [];
  const defs: TaskDefinition[] = [
    ...local.map((e, i) => ({ name: e.name.value, prefix: e.prefix?.value, local: e, order: i })),
    ...included.map((t, i) => ({ name: t.name, prefix: t.prefix, included: t, order: local.length + i })),
  ];
  const allNames = new Set(defs.map((d) => d.name));
  return [
    ...duplicateNames(local, allNames, text),
    ...duplicatePrefixes(defs),
    ...shadowedPrefixes(defs),
    ...definitionConflicts(local, included, ctx?.file),
    ...resultsNames(model, allNames, ctx),
  ];
}

function duplicateNames(local: (TaskEntry & { name: Located<string> })[], taken: Set<string>, text: string | undefined): Diagnostic[] {
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

/** Prefixes are compared without surrounding spaces: T5 sees `"cola: "` and `"cola:"` alike. */
function prefixKey(p: string): string {
  return p.trim();
}

function duplicatePrefixes(defs: TaskDefinition[]): Diagnostic[] {
  const groups = new Map<string, TaskDefinition[]>();
  for (const d of defs) {
    if (d.prefix === undefined || prefixKey(d.prefix) === '') continue;
    const g = groups.get(prefixKey(d.prefix));
    if (g) g.push(d);
    else groups.set(prefixKey(d.prefix), [d]);
  }
  const usedPrefixes = new Set(groups.keys());
  const out: Diagnostic[] = [];
  for (const group of groups.values()) {
    if (group.length < 2 || new Set(group.map((d) => d.name)).size < 2) continue;
    for (const d of group) {
      const other = group.find((o) => o.name !== d.name)!;
      const earlier = group.find((o) => o.name !== d.name && o.order < d.order);
      if (d.local) {
        const range = d.local.prefix!.range;
        const own = `${d.name}:`;
        const fixes: Fix[] = usedPrefixes.has(own)
          ? []
          : [{ title: `Set the prefix to ${JSON.stringify(own)}`, edits: [replaceEdit(range, JSON.stringify(own))], preferred: true }];
        out.push(
          makeDiagnostic('duplicate-prefix', range, `Prefix ${JSON.stringify(d.prefix)} is also the prefix of task \`${other.name}\`: T5 cannot tell the tasks apart. Give each task its own prefix.`, {
            related: [relatedOf(other, `Task \`${other.name}\` has the same prefix`)],
            fixes,
          }),
        );
      } else if (earlier?.included && earlier.included.via !== d.included!.via && !group.some((g) => g.local)) {
        // Two included files collide: say so at the later include of this file.
        out.push(
          makeDiagnostic('duplicate-prefix', d.included!.via.include.range, `Included tasks \`${earlier.name}\` and \`${d.name}\` share the prefix ${JSON.stringify(d.prefix)}: T5 cannot tell them apart.`, {
            related: [relatedOf(earlier, `\`${earlier.name}\``), relatedOf(d, `\`${d.name}\``)],
          }),
        );
      }
    }
  }
  return out;
}

/**
 * One prefix that starts another (`"nli"` and `"nli premise:"`): the longer task's inputs look like the
 * shorter's. Sorting puts every string right after the strings that start it, so a stack finds the
 * nearest such pair in O(n log n).
 */
function shadowedPrefixes(defs: TaskDefinition[]): Diagnostic[] {
  const byPrefix = new Map<string, TaskDefinition[]>();
  for (const d of defs) {
    if (d.prefix === undefined || prefixKey(d.prefix) === '') continue;
    const k = prefixKey(d.prefix);
    const g = byPrefix.get(k);
    if (g) g.push(d);
    else byPrefix.set(k, [d]);
  }
  const sorted = [...byPrefix.keys()].sort();
  const stack: string[] = [];
  const out: Diagnostic[] = [];
  for (const p of sorted) {
    while (stack.length && !p.startsWith(stack[stack.length - 1])) stack.pop();
    const shorter = stack[stack.length - 1];
    stack.push(p);
    if (shorter === undefined) continue;
    const shortDefs = byPrefix.get(shorter)!;
    for (const long of byPrefix.get(p)!) {
      const short = shortDefs.find((s) => s.name !== long.name);
      if (!short) continue;
      const at = long.local ?? short.local;
      if (!at) continue;
      const there = at === long.local ? short : long;
      out.push(
        makeDiagnostic(
          'prefix-shadowed',
          at.prefix!.range,
          `Prefix ${JSON.stringify(prefixKey(short.prefix!))} (task \`${short.name}\`) is the start of ${JSON.stringify(prefixKey(long.prefix!))} (task \`${long.name}\`): inputs of \`${short.name}\` can look like \`${long.name}\`'s. Make neither prefix start the other.`,
          { related: [relatedOf(there, `Task \`${there.name}\``)] },
        ),
      );
    }
  }
  return out;
}

function definitionConflicts(local: (TaskEntry & { name: Located<string> })[], included: readonly IncludedTask[], file: string | undefined): Diagnostic[] {
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
