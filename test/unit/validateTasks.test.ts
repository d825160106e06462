// Cross-task checks with tasks reached through includes, and the prefix check against brute force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMixture } from '../../server/src/core/parse';
import type { IncludeEntry, MixtureModel, TaskEntry } from '../../server/src/core/types';
import { checkTasks, type IncludedTask } from '../../server/src/core/validate';

const THIS = '/w/plus.mixture.yaml';

function parsed(text: string): { model: MixtureModel; text: string; via: IncludeEntry[] } {
  const { model } = parseMixture(text);
  return { model, text, via: model.tasks.filter((e): e is IncludeEntry => e.kind === 'include') };
}

const TWO_INCLUDES = [
  'mixture: plus',
  'tasks:',
  '  - include: glue.mixture.yaml',
  '  - include: superglue.mixture.yaml',
  '  - name: cola',
  '    prefix: "cola sentence:"',
  '    examples: 8551',
  '    data: data/cola.jsonl',
  'results:',
  '  single_task: {cola: 1, boolq: 2, rte: 3}',
  '',
].join('\n');

function included(via: IncludeEntry, file: string, t: Partial<IncludedTask> & { name: string }): IncludedTask {
  return { file, range: [0, 4], via, ...t };
}

test('the same task through an include with the same definition is one task: no errors', () => {
  const { model, text, via } = parsed(TWO_INCLUDES);
  const ctx = {
    file: THIS,
    included: [
      included(via[0], '/w/glue.mixture.yaml', { name: 'cola', prefix: 'cola sentence:', examples: 8551, data: '/w/data/cola.jsonl' }),
      included(via[0], '/w/glue.mixture.yaml', { name: 'rte', prefix: 'rte:' }),
      included(via[1], '/w/superglue.mixture.yaml', { name: 'boolq', prefix: 'boolq:' }),
      included(via[1], '/w/superglue.mixture.yaml', { name: 'rte', prefix: 'rte:' }),
    ],
  };
  assert.deepEqual(checkTasks(model, text, ctx), []);
});

test('a local task that disagrees with its included definition: an error at each differing value', () => {
  const { model, text, via } = parsed(TWO_INCLUDES);
  const ctx = {
    file: THIS,
    included: [included(via[0], '/w/glue.mixture.yaml', { name: 'cola', prefix: 'cola sentence:', examples: 8500, data: '/elsewhere/cola.jsonl' })],
  };
  const ds = checkTasks(model, text, ctx).filter((d) => d.code === 'task-definition-conflict');
  assert.deepEqual(ds.map((d) => text.slice(d.range[0], d.range[1])).sort(), ['8551', 'data/cola.jsonl']);
  for (const d of ds) assert.equal(d.related?.[0].file, '/w/glue.mixture.yaml');
});

test('two includes that define one task differently: an error at the later include', () => {
  const { model, text, via } = parsed(TWO_INCLUDES);
  const ctx = {
    file: THIS,
    included: [
      included(via[0], '/w/glue.mixture.yaml', { name: 'rte', prefix: 'rte:', examples: 2490 }),
      included(via[1], '/w/superglue.mixture.yaml', { name: 'rte', prefix: 'rte:', examples: 2500 }),
    ],
  };
  const ds = checkTasks(model, text, ctx).filter((d) => d.code === 'task-definition-conflict');
  assert.equal(ds.length, 1);
  assert.equal(text.slice(ds[0].range[0], ds[0].range[1]), 'superglue.mixture.yaml');
  assert.deepEqual(ds[0].related?.map((r) => r.file), ['/w/glue.mixture.yaml', '/w/superglue.mixture.yaml']);
});

test('duplicate prefixes compare different tasks only, across includes too', () => {
  const { model, text, via } = parsed(TWO_INCLUDES);
  const ctx = {
    file: THIS,
    included: [
      included(via[0], '/w/glue.mixture.yaml', { name: 'cola_v2', prefix: 'cola sentence:' }),
      included(via[0], '/w/glue.mixture.yaml', { name: 'rte', prefix: 'entail:' }),
      included(via[1], '/w/superglue.mixture.yaml', { name: 'cb', prefix: 'entail:' }),
    ],
  };
  const ds = checkTasks(model, text, ctx).filter((d) => d.code === 'duplicate-prefix');
  const at = ds.map((d) => text.slice(d.range[0], d.range[1])).sort();
  assert.deepEqual(at, ['"cola sentence:"', 'superglue.mixture.yaml']);
});

test('results may name included tasks; unknown names are errors once includes are resolved', () => {
  const { model, text, via } = parsed(TWO_INCLUDES);
  // Unresolved includes: any name might be theirs.
  assert.deepEqual(checkTasks(model, text).filter((d) => d.code === 'results-unknown-task'), []);
  const ctx = { file: THIS, included: [included(via[1], '/w/superglue.mixture.yaml', { name: 'boolq', prefix: 'boolq:' })] };
  const ds = checkTasks(model, text, ctx).filter((d) => d.code === 'results-unknown-task');
  assert.deepEqual(ds.map((d) => text.slice(d.range[0], d.range[1])), ['rte']);
});

test('duplicate names: every later one is an error pointing at the first, with a fresh `_n` name', () => {
  const text = 'mixture: m\ntasks:\n  - {name: a, prefix: "a1:"}\n  - {name: a_2, prefix: "a2:"}\n  - {name: a, prefix: "a3:"}\n  - {name: a, prefix: "a4:"}\n';
  const { model } = parseMixture(text);
  const ds = checkTasks(model, text).filter((d) => d.code === 'duplicate-task-name');
  assert.equal(ds.length, 2);
  assert.deepEqual(ds.map((d) => d.fixes?.[0].title), ['Rename to `a_3`', 'Rename to `a_4`']);
  for (const d of ds) assert.equal(text.slice(d.related![0].range[0], d.related![0].range[1]), 'a');
});

/** A model of tasks with the given prefixes, built directly (names t0, t1, ...). */
function modelOf(prefixes: string[]): MixtureModel {
  const tasks: TaskEntry[] = prefixes.map((p, i) => ({
    kind: 'task',
    range: [i * 100, i * 100 + 90],
    name: { value: `t${i}`, range: [i * 100 + 10, i * 100 + 20] },
    prefix: { value: p, range: [i * 100 + 30, i * 100 + 40] },
    keys: [],
  }));
  return { textLength: prefixes.length * 100, keys: [], tasks };
}

test('prefix-shadowed matches the brute-force definition on random prefix sets', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ':', ' '), minLength: 1, maxLength: 4 }), { maxLength: 30 }), (prefixes) => {
      const model = modelOf(prefixes);
      const got = new Map<number, number>();
      for (const d of checkTasks(model).filter((x) => x.code === 'prefix-shadowed')) {
        const i = (d.range[0] - 30) / 100;
        got.set(i, (got.get(i) ?? 0) + 1);
      }
      const keys = prefixes.map((p) => p.trim());
      prefixes.forEach((_, i) => {
        const p = keys[i];
        const shadowed = p !== '' && keys.some((q) => q !== '' && q !== p && p.startsWith(q));
        assert.equal(got.get(i) ?? 0, shadowed ? 1 : 0, `task ${i} ${JSON.stringify(p)} among ${JSON.stringify(keys)}`);
      });
    }),
    { numRuns: 300 },
  );
});

test('cross-task checks handle 20,000 tasks (sort-based, not pairwise)', () => {
  const n = 20000;
  const prefixes = Array.from({ length: n }, (_, i) => `task${i}:`);
  prefixes.push('task1'); // a strict prefix of task1:, task10:, ... : only the nearest pair warns
  const ds = checkTasks(modelOf(prefixes));
  assert.equal(ds.filter((d) => d.code === 'duplicate-prefix').length, 0);
  assert.equal(ds.filter((d) => d.code === 'prefix-shadowed').length, 11111); // 1, 10-19, 100-199, 1000-1999, 10000-19999
});
