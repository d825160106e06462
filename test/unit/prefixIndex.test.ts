// The incremental cross-task checks: random prefix (and name) edits applied one by one must give what a fresh
// check of the same text gives, at two levels: TaskChecker against checkTasks and the sort-based prefix checks
// this index replaced (kept here as the oracle), and MixtureProject.applyEdits against a fresh open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MixtureProject } from '../../server/src/core/analyze';
import type { Diagnostic, IncludeEntry, MixtureModel, RelatedInformation, TaskEntry } from '../../server/src/core/types';
import { checkTasks, makeDiagnostic, prefixKey, TaskChecker, type IncludedTask } from '../../server/src/core/validate';

// ---- The oracle: the prefix checks as they were before the index (group everything, sort every key). ----

interface Def {
  name: string;
  prefix?: string;
  local?: TaskEntry;
  included?: IncludedTask;
  order: number;
}

function oracleRelated(d: Def, message: string): RelatedInformation {
  if (d.local) return { message, range: d.local.prefix?.range ?? d.local.name!.range };
  return { message, range: d.included!.range ?? [0, 0], file: d.included!.file };
}

function oraclePrefixChecks(model: MixtureModel, included: readonly IncludedTask[]): Diagnostic[] {
  const local = model.tasks.filter((e): e is TaskEntry => e.kind === 'task' && e.name !== undefined);
  const defs: Def[] = [
    ...local.map((e, i) => ({ name: e.name!.value, prefix: e.prefix?.value, local: e, order: i })),
    ...included.map((t, i) => ({ name: t.name, prefix: t.prefix, included: t, order: local.length + i })),
  ];
  const groups = new Map<string, Def[]>();
  for (const d of defs) {
    if (d.prefix === undefined || prefixKey(d.prefix) === '') continue;
    const g = groups.get(prefixKey(d.prefix));
    if (g) g.push(d);
    else groups.set(prefixKey(d.prefix), [d]);
  }
  const out: Diagnostic[] = [];
  for (const group of groups.values()) {
    if (group.length < 2 || new Set(group.map((d) => d.name)).size < 2) continue;
    for (const d of group) {
      const other = group.find((o) => o.name !== d.name)!;
      const earlier = group.find((o) => o.name !== d.name && o.order < d.order);
      if (d.local) {
        const range = d.local.prefix!.range;
        const own = `${d.name}:`;
        const fixes = groups.has(own) ? [] : [{ title: `Set the prefix to ${JSON.stringify(own)}`, edits: [{ range: [range[0], range[1]] as [number, number], newText: JSON.stringify(own) }], preferred: true }];
        out.push(
          makeDiagnostic('duplicate-prefix', range, `Prefix ${JSON.stringify(d.prefix)} is also the prefix of task \`${other.name}\`: T5 cannot tell the tasks apart. Give each task its own prefix.`, {
            related: [oracleRelated(other, `Task \`${other.name}\` has the same prefix`)],
            fixes,
          }),
        );
      } else if (earlier?.included && earlier.included.via !== d.included!.via && !group.some((g) => g.local)) {
        out.push(
          makeDiagnostic('duplicate-prefix', d.included!.via.include.range, `Included tasks \`${earlier.name}\` and \`${d.name}\` share the prefix ${JSON.stringify(d.prefix)}: T5 cannot tell them apart.`, {
            related: [oracleRelated(earlier, `\`${earlier.name}\``), oracleRelated(d, `\`${d.name}\``)],
          }),
        );
      }
    }
  }
  const sorted = [...groups.keys()].sort();
  const stack: string[] = [];
  for (const p of sorted) {
    while (stack.length && !p.startsWith(stack[stack.length - 1]!)) stack.pop();
    const shorter = stack[stack.length - 1];
    stack.push(p);
    if (shorter === undefined) continue;
    for (const long of groups.get(p)!) {
      const short = groups.get(shorter)!.find((s) => s.name !== long.name);
      if (!short) continue;
      const at = long.local ?? short.local;
      if (!at) continue;
      const there = at === long.local ? short : long;
      out.push(
        makeDiagnostic(
          'prefix-shadowed',
          at.prefix!.range,
          `Prefix ${JSON.stringify(prefixKey(short.prefix!))} (task \`${short.name}\`) is the start of ${JSON.stringify(prefixKey(long.prefix!))} (task \`${long.name}\`): inputs of \`${short.name}\` can look like \`${long.name}\`'s. Make neither prefix start the other.`,
          { related: [oracleRelated(there, `Task \`${there.name}\``)] },
        ),
      );
    }
  }
  return out;
}

const PREFIX_CODES = new Set(['duplicate-prefix', 'prefix-shadowed']);

// ---- Models built directly: every task at its own offsets, so that ranges tell the tasks apart. ----

interface TaskSpec {
  name: string | undefined;
  prefix: string | undefined;
}

function modelOf(tasks: TaskSpec[], includes: number, shift: number): { model: MixtureModel; via: IncludeEntry[] } {
  const via: IncludeEntry[] = Array.from({ length: includes }, (_, i) => ({
    kind: 'include',
    range: [shift + i * 10, shift + i * 10 + 9],
    include: { value: `sub${i}.mixture.yaml`, range: [shift + i * 10 + 2, shift + i * 10 + 8] },
    keys: [],
  }));
  const base = shift + includes * 10;
  const entries: TaskEntry[] = tasks.map((t, i) => ({
    kind: 'task',
    range: [base + i * 100, base + i * 100 + 90],
    ...(t.name !== undefined ? { name: { value: t.name, range: [base + i * 100 + 10, base + i * 100 + 20] } } : {}),
    ...(t.prefix !== undefined ? { prefix: { value: t.prefix, range: [base + i * 100 + 30, base + i * 100 + 40] } } : {}),
    keys: [],
  }));
  return { model: { textLength: base + tasks.length * 100, keys: [], tasks: [...via, ...entries] }, via };
}

const PREFIX_CHARS = ['a', 'b', ':', ' '];
const prefixArb = fc.option(fc.string({ unit: fc.constantFrom(...PREFIX_CHARS), maxLength: 4 }), { nil: undefined, freq: 8 });
const nameArb = fc.option(fc.constantFrom('t0', 't1', 't2', 't3', 't4', 'a:', 'b:'), { nil: undefined, freq: 12 });
const taskArb = fc.record({ name: nameArb, prefix: prefixArb });
const includedArb = fc.record({ name: fc.constantFrom('t0', 't1', 'u0', 'u1'), prefix: prefixArb, via: fc.nat(1) });

/** One step of an editing session over a model: change a prefix or a name, add or drop a task, move everything. */
const stepArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('prefix' as const), task: fc.nat(), prefix: prefixArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('name' as const), task: fc.nat(), name: nameArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), task: fc.nat(), spec: taskArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), task: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('included' as const), task: fc.nat(), prefix: prefixArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('shift' as const), by: fc.integer({ min: -5, max: 50 }) }) },
);

test('TaskChecker over random edits = checkTasks of each state = the sort-based prefix checks', () => {
  fc.assert(
    fc.property(fc.array(taskArb, { minLength: 1, maxLength: 12 }), fc.array(includedArb, { maxLength: 5 }), fc.array(stepArb, { maxLength: 25 }), (tasks, includedSpecs, steps) => {
      const checker = new TaskChecker();
      let shift = 100;
      const check = (where: string) => {
        const { model, via } = modelOf(tasks, 2, shift);
        const included: IncludedTask[] = includedSpecs.map((t, i) => ({
          name: t.name,
          ...(t.prefix !== undefined ? { prefix: t.prefix } : {}),
          file: `/w/sub${t.via}.mixture.yaml`,
          range: [i * 7, i * 7 + 3],
          via: via[t.via]!,
        }));
        const ctx = { file: '/w/m.mixture.yaml', included };
        const incremental = checker.check(model, '', ctx);
        const fresh = checkTasks(model, '', ctx);
        assert.deepEqual(incremental, fresh, `incremental = fresh ${where}`);
        assert.deepEqual(fresh.filter((d) => PREFIX_CODES.has(d.code)), oraclePrefixChecks(model, included), `index = oracle ${where}`);
      };
      check('at the start');
      steps.forEach((step, i) => {
        const at = tasks.length > 0 && 'task' in step ? step.task % tasks.length : 0;
        if (step.kind === 'prefix' && tasks.length) tasks[at] = { ...tasks[at]!, prefix: step.prefix };
        else if (step.kind === 'name' && tasks.length) tasks[at] = { ...tasks[at]!, name: step.name };
        else if (step.kind === 'add') tasks.splice(at, 0, step.spec);
        else if (step.kind === 'drop' && tasks.length > 1) tasks.splice(at, 1);
        else if (step.kind === 'included' && includedSpecs.length) {
          const j = step.task % includedSpecs.length;
          includedSpecs[j] = { ...includedSpecs[j]!, prefix: step.prefix };
        } else if (step.kind === 'shift') shift = Math.max(0, shift + step.by);
        check(`after step ${i} (${JSON.stringify(step)})`);
      });
    }),
    { numRuns: 400 },
  );
});

test('TaskChecker keeps 10,000 prefixes and a short one that starts a thousand of them right across edits', () => {
  const n = 10_000;
  const tasks: TaskSpec[] = Array.from({ length: n }, (_, i) => ({ name: `task_${i}`, prefix: `task ${i}:` }));
  const checker = new TaskChecker();
  const run = () => {
    const { model } = modelOf(tasks, 0, 0);
    const got = checker.check(model, '', { included: [] });
    assert.deepEqual(got, checkTasks(model, '', { included: [] }));
    return got;
  };
  assert.deepEqual(run(), []);
  // "task 5" starts "task 5:", "task 50:" ... "task 5999:": 1 + 10 + 100 + 1000 tasks.
  tasks[1] = { name: 'task_1', prefix: 'task 5' };
  assert.equal(run().filter((d) => d.code === 'prefix-shadowed').length, 1111);
  // "task 50" now sits between them: it takes "task 50:", "task 500:" ... from "task 5".
  tasks[2] = { name: 'task_2', prefix: 'task 50' };
  const both = run();
  assert.equal(both.filter((d) => d.code === 'prefix-shadowed').length, 1112);
  assert.ok(both.some((d) => d.message.includes('"task 50" (task `task_2`) is the start of "task 500:"')));
  // Gone again, one at a time.
  tasks[1] = { name: 'task_1', prefix: 'task 1:' };
  assert.equal(run().filter((d) => d.code === 'prefix-shadowed').length, 111);
  tasks[2] = { name: 'task_2', prefix: 'task 2:' };
  assert.deepEqual(run(), []);
  // A duplicate, then the same prefix taken by a task named like the fix would set it.
  tasks[3] = { name: 'task_3', prefix: 'task 4:' };
  assert.deepEqual(run().map((d) => d.fixes?.[0]?.title), ['Set the prefix to "task_3:"', 'Set the prefix to "task_4:"']);
  tasks[9] = { name: 'task_9', prefix: 'task_3:' };
  assert.deepEqual(run().map((d) => d.fixes?.length ?? 0), [0, 1]);
});

// ---- The whole analysis: MixtureProject.applyEdits, then analyze, against a fresh open of the same text. ----

const SUB = ['mixture: sub', 'tasks:', '  - name: u0', '    prefix: "ab:"', '    examples: 30', '  - name: u1', '    prefix: "b"', '    examples: 40', ''].join('\n');

function mixtureText(tasks: { name: string; prefix: string; examples: number }[]): string {
  const lines = ['mixture: m', 'sampling:', '  strategy: temperature', '  temperature: 2', 'tasks:', '  - include: sub.mixture.yaml'];
  for (const t of tasks) lines.push(`  - name: ${t.name}`, `    prefix: "${t.prefix}"`, `    examples: ${t.examples}`);
  lines.push('results:', '  single_task: {t0: 1}', '');
  return lines.join('\n');
}

/** The offsets of every `prefix: "..."` (or `name: ...`) value's content in the text. */
function valueSpans(text: string, re: RegExp): [number, number][] {
  return [...text.matchAll(re)].map((m) => {
    const start = m.index! + m[0].length - m[1]!.length - (re.source.endsWith('"') ? 1 : 0);
    return [start, start + m[1]!.length];
  });
}
const PREFIX_RE = /prefix: "([^"\n]*)"/g;
const NAME_RE = /name: ([a-z0-9_]*)$/gm;

test('random prefix edits applied incrementally give the diagnostics of a fresh open (with an include)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-prefix-index-'));
  try {
    writeFileSync(join(dir, 'sub.mixture.yaml'), SUB);
    const file = join(dir, 'm.mixture.yaml');
    const edit = fc.record({
      field: fc.constantFrom('prefix', 'prefix', 'prefix', 'prefix', 'name'),
      task: fc.nat(),
      at: fc.nat(),
      op: fc.constantFrom('insert', 'delete', 'replace'),
      ch: fc.constantFrom('a', 'b', ':', ' ', 'x'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ prefix: fc.string({ unit: fc.constantFrom('a', 'b', ':', ' '), maxLength: 4 }), examples: fc.integer({ min: 1, max: 1000 }) }), { minLength: 2, maxLength: 8 }), fc.array(edit, { minLength: 1, maxLength: 20 }), async (specs, edits) => {
        let text = mixtureText(specs.map((s, i) => ({ name: `t${i}`, ...s })));
        const project = new MixtureProject();
        project.setText(file, text);
        await project.analyze(file);
        for (const [i, e] of edits.entries()) {
          const spans = valueSpans(text, e.field === 'prefix' ? PREFIX_RE : NAME_RE);
          const [start, end] = spans[e.task % spans.length]!;
          // Names stay plain scalars: letters only there.
          const ch = e.field === 'name' ? (e.ch === 'x' || e.ch === 'a' ? e.ch : 'b') : e.ch;
          const at = start + (e.at % (end - start + 1));
          const range: [number, number] = e.op === 'insert' || at === end ? [at, at] : [at, at + 1];
          const newText = e.op === 'delete' && range[1] > range[0] ? '' : ch;
          project.applyEdits(file, [{ range, text: newText }]);
          text = text.slice(0, range[0]) + newText + text.slice(range[1]);
          const incremental = await project.analyze(file);
          const freshProject = new MixtureProject();
          freshProject.setText(file, text);
          const fresh = await freshProject.analyze(file);
          assert.equal(incremental.text, text);
          assert.deepEqual(incremental.diagnostics, fresh.diagnostics, `after edit ${i} ${JSON.stringify(e)}:\n${text}`);
        }
      }),
      { numRuns: 40 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
