import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MixtureDocument, parseMixture } from '../../server/src/core/parse';
import type { KeyInfo, MixtureEntry, Range, TaskEntry } from '../../server/src/core/types';
import { fullResult, keyReportingChecker, project } from './helpers/parseProjection';

const src = (text: string, range: Range | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
const keyTexts = (text: string, keys: KeyInfo[]) => keys.map((k) => [k.key, src(text, k.keyRange), src(text, k.valueRange), k.valueType]);

const GLUE = `# GLUE, as in the T5 paper
mixture: glue_t5
description: "GLUE as mixed in the T5 paper"
sampling:
  strategy: temperature
  temperature: 2
  cap: 2097152
budget:
  steps: 262144
  batch_size: 128
  max_epochs: 4
tasks:
  - name: cola                    # required
    prefix: "cola sentence:"
    examples: 8551
    data: data/cola.train.jsonl
    fields: {input: sentence, target: label}
    eval: data/cola.dev.jsonl
    metrics: [matthews_corr, accuracy]
    scale: 1
    rate: 1e6
    tags: [glue, classification]
  # between items
  - include: translation.mixture.yaml
    rate: 0.5
results:
  metric: accuracy
  higher_is_better: true
  single_task: {cola: 52.1, sst2: 92.7}
  multi_task:  {cola: 54.0}
  pairwise:
    cola: {sst2: 53.0, mnli: 55.2}
`;

test('a full mixture: every key and value has its source range', () => {
  const { model, diagnostics } = parseMixture(GLUE);
  assert.deepEqual(diagnostics, []);
  assert.equal(model.textLength, GLUE.length);
  assert.deepEqual(keyTexts(GLUE, model.keys), [
    ['mixture', 'mixture', 'glue_t5', 'string'],
    ['description', 'description', '"GLUE as mixed in the T5 paper"', 'string'],
    ['sampling', 'sampling', 'strategy: temperature\n  temperature: 2\n  cap: 2097152', 'map'],
    ['budget', 'budget', 'steps: 262144\n  batch_size: 128\n  max_epochs: 4', 'map'],
    ['tasks', 'tasks', GLUE.slice(GLUE.indexOf('- name: cola'), GLUE.indexOf('rate: 0.5') + 9), 'seq'],
    ['results', 'results', GLUE.slice(GLUE.indexOf('metric: accuracy'), GLUE.indexOf('55.2}') + 5), 'map'],
  ]);
  assert.equal(model.mixture?.value, 'glue_t5');
  assert.equal(src(GLUE, model.mixture?.keyRange), 'mixture');
  assert.equal(model.description?.value, 'GLUE as mixed in the T5 paper');
  assert.equal(model.sampling?.strategy?.value, 'temperature');
  assert.equal(model.sampling?.temperature?.value, 2);
  assert.equal(model.sampling?.cap?.value, 2097152);
  assert.equal(src(GLUE, model.sampling?.cap?.range), '2097152');
  assert.deepEqual(
    [model.budget?.steps?.value, model.budget?.batch_size?.value, model.budget?.max_epochs?.value],
    [262144, 128, 4],
  );
  assert.equal(src(GLUE, model.tasksKey), 'tasks');

  assert.equal(model.tasks.length, 2);
  const cola = model.tasks[0] as TaskEntry;
  assert.equal(cola.kind, 'task');
  assert.equal(src(GLUE, cola.range), GLUE.slice(GLUE.indexOf('- name: cola'), GLUE.indexOf('classification]') + 15));
  assert.equal(cola.name?.value, 'cola');
  assert.equal(src(GLUE, cola.name?.range), 'cola');
  assert.equal(src(GLUE, cola.name?.keyRange), 'name');
  assert.equal(cola.prefix?.value, 'cola sentence:');
  assert.equal(src(GLUE, cola.prefix?.range), '"cola sentence:"');
  assert.equal(cola.examples?.value, 8551);
  assert.equal(cola.data?.value, 'data/cola.train.jsonl');
  assert.equal(cola.eval?.value, 'data/cola.dev.jsonl');
  assert.equal(src(GLUE, cola.fields?.range), '{input: sentence, target: label}');
  assert.equal(cola.fields?.input?.value, 'sentence');
  assert.equal(src(GLUE, cola.fields?.target?.range), 'label');
  assert.equal(src(GLUE, cola.fields?.target?.keyRange), 'target');
  assert.deepEqual(cola.metrics?.map((m) => [m.value, src(GLUE, m.range)]), [
    ['matthews_corr', 'matthews_corr'],
    ['accuracy', 'accuracy'],
  ]);
  assert.equal(cola.scale?.value, 1);
  assert.equal(cola.rate?.value, 1e6);
  assert.equal(src(GLUE, cola.rate?.range), '1e6');
  assert.deepEqual(cola.tags?.map((t) => t.value), ['glue', 'classification']);
  assert.equal(cola.keys.length, 10);

  const include = model.tasks[1];
  assert.equal(include.kind, 'include');
  if (include.kind !== 'include') return;
  assert.equal(src(GLUE, include.range), '- include: translation.mixture.yaml\n    rate: 0.5');
  assert.equal(include.include.value, 'translation.mixture.yaml');
  assert.equal(include.rate?.value, 0.5);

  const results = model.results;
  assert.equal(results?.metric?.value, 'accuracy');
  assert.equal(results?.higher_is_better?.value, true);
  assert.deepEqual([...(results?.single_task ?? [])].map(([n, s]) => [n, s.value, src(GLUE, s.nameRange), src(GLUE, s.range)]), [
    ['cola', 52.1, 'cola', '52.1'],
    ['sst2', 92.7, 'sst2', '92.7'],
  ]);
  assert.deepEqual([...(results?.multi_task ?? [])].map(([n, s]) => [n, s.value]), [['cola', 54]]);
  const pairwise = results?.pairwise?.get('cola');
  assert.equal(src(GLUE, pairwise?.nameRange), 'cola');
  assert.deepEqual([...(pairwise?.sources ?? [])].map(([n, s]) => [n, s.value, src(GLUE, s.nameRange)]), [
    ['sst2', 53, 'sst2'],
    ['mnli', 55.2, 'mnli'],
  ]);
});

test('typed fields are set only for values of the right type; keys record every key as written', () => {
  const text = `mixture: 42
tasks:
  - name: a
    prefix: "a:"
    examples: "100"
    scale: 2097152
    rate: 1e6
    metrics: accuracy
    weight: 3
    fields: [input]
  - name: b
    examples:
    tags: [x, 7, y]
  - {rate: .5}
`;
  const { model, diagnostics } = parseMixture(text);
  assert.deepEqual(diagnostics, []);
  assert.equal(model.mixture, undefined);
  assert.deepEqual(keyTexts(text, model.keys)[0], ['mixture', 'mixture', '42', 'number']);
  const [a, b, c] = model.tasks as TaskEntry[];
  assert.equal(a.examples, undefined);
  assert.equal(a.scale?.value, 2097152);
  assert.equal(a.rate?.value, 1000000);
  assert.equal(a.metrics, undefined);
  assert.equal(a.fields, undefined);
  assert.deepEqual(keyTexts(text, a.keys).slice(2), [
    ['examples', 'examples', '"100"', 'string'],
    ['scale', 'scale', '2097152', 'number'],
    ['rate', 'rate', '1e6', 'number'],
    ['metrics', 'metrics', 'accuracy', 'string'],
    ['weight', 'weight', '3', 'number'],
    ['fields', 'fields', '[input]', 'seq'],
  ]);
  // An empty value: its range is the empty range at the end of its key.
  const examplesB = b.keys[1];
  assert.deepEqual(examplesB.valueRange, [examplesB.keyRange[1], examplesB.keyRange[1]]);
  assert.equal(examplesB.valueType, 'null');
  assert.equal(b.examples, undefined);
  assert.deepEqual(b.tags?.map((t) => t.value), ['x', 'y']);
  // A flow map item: a task because `rate` is a task key; its range is the flow map itself.
  assert.equal(c.kind, 'task');
  assert.equal(src(text, c.range), '- {rate: .5}');
  assert.equal(c.rate?.value, 0.5);
});

test('entry kinds: include, task, and invalid items', () => {
  const text = `tasks:
  - include: other.mixture.yaml
    name: ignored
  - include: 5
  - 42
  - weight: 3
  -
  - {}
  - prefix: "p:"
`;
  const { model, diagnostics } = parseMixture(text);
  assert.deepEqual(diagnostics, []);
  const kinds = model.tasks.map((e: MixtureEntry) => [e.kind, src(text, e.range)]);
  assert.deepEqual(kinds, [
    ['include', '- include: other.mixture.yaml\n    name: ignored'],
    ['invalid', '- include: 5'],
    ['invalid', '- 42'],
    ['invalid', '- weight: 3'],
    ['invalid', '-'],
    ['invalid', '- {}'],
    ['task', '- prefix: "p:"'],
  ]);
  assert.deepEqual(model.tasks[1].keys.map((k) => [k.key, k.valueType]), [['include', 'number']]);
});

test('aliases resolve to their anchors; unknown aliases are errors', () => {
  const text = `tasks:
  - name: a
    fields: &f {input: q, target: a}
  - name: b
    fields: *f
    examples: *missing
`;
  const { model, diagnostics } = parseMixture(text);
  const b = model.tasks[1] as TaskEntry;
  assert.equal(b.fields?.input?.value, 'q');
  assert.equal(src(text, b.fields?.range), '*f');
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'yaml-syntax');
  assert.match(diagnostics[0].message, /Unknown alias \*missing/);
  assert.equal(src(text, diagnostics[0].range), '*missing');
});

test('YAML syntax errors are located and readable', () => {
  const unterminated = 'mixture: "glue\ntasks: []\n';
  const [quote] = parseMixture(unterminated).diagnostics;
  assert.equal(quote.code, 'yaml-syntax');
  assert.equal(quote.severity, 'error');
  assert.match(quote.message, /quote/);

  const duplicate = 'mixture: a\nmixture: b\n';
  const dup = parseMixture(duplicate);
  assert.equal(dup.diagnostics.length, 1);
  assert.equal(src(duplicate, dup.diagnostics[0].range), 'mixture');
  assert.equal(dup.diagnostics[0].range[0], duplicate.lastIndexOf('mixture'));
  assert.match(dup.diagnostics[0].message, /^Duplicate key "mixture"/);
  assert.equal(dup.model.mixture?.value, 'a', 'the first of duplicate keys sets the field');

  const twoDocs = parseMixture('mixture: a\n---\nmixture: b\n').diagnostics;
  assert.ok(twoDocs.some((d) => /one YAML document/.test(d.message)));

  const tab = parseMixture('sampling:\n\tstrategy: sqrt\n').diagnostics;
  assert.ok(tab.length > 0 && tab.every((d) => d.code === 'yaml-syntax'));
  for (const d of [quote, ...dup.diagnostics, ...twoDocs, ...tab]) {
    assert.doesNotMatch(d.message, /[a-z]+-[a-z]+-ind/, 'token names are replaced');
    assert.match(d.message, /[.!?]$/);
  }
});

test('a top level that is not a map is diagnosed; an empty file is an empty model', () => {
  const list = parseMixture('- a\n- b\n');
  assert.deepEqual(list.diagnostics.map((d) => [d.code, d.range]), [['not-a-mapping', [0, 3]]]);
  assert.match(list.diagnostics[0].message, /a list/);
  assert.deepEqual(parseMixture('just words').diagnostics.map((d) => d.code), ['not-a-mapping']);
  for (const empty of ['', '\n\n', '# only a comment\n']) {
    assert.deepEqual(parseMixture(empty), { model: { textLength: empty.length, keys: [], tasks: [] }, diagnostics: [] });
  }
});

// The guards: hostile input returns located diagnostics, never an exception and never a hang.
const GUARD = { timeout: 2000 };

function assertLocatedErrors(text: string, code = 'yaml-syntax') {
  const { diagnostics } = parseMixture(text);
  assert.ok(diagnostics.length > 0, 'has diagnostics');
  assert.ok(diagnostics.some((d) => d.code === code && d.severity === 'error'), `has a ${code} error`);
  for (const d of diagnostics) {
    assert.ok(d.range[0] >= 0 && d.range[0] <= d.range[1] && d.range[1] <= text.length, `range ${d.range} inside the text`);
  }
  // Where yaml's stack runs out depends on the caller's depth, so compare what was found, not where.
  const doc = new MixtureDocument(text);
  const codes = (ds: { code: string }[]) => [...new Set(ds.map((d) => d.code))];
  assert.deepEqual(codes(doc.result().diagnostics), codes(diagnostics));
  return diagnostics;
}

test('guard: an alias bomb ("billion laughs")', GUARD, () => {
  let bomb = 'mixture: lol\nlol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < 10; i++) bomb += `lol${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  bomb += 'tasks:\n  - name: *a9\n';
  const diagnostics = assertLocatedErrors(bomb);
  const d = diagnostics.find((x) => /billion laughs/.test(x.message));
  assert.ok(d, 'the bomb is named');
  assert.match(src(bomb, d.range) ?? '', /^\*a\d$/);
});

test('guard: a 50 MB file', GUARD, () => {
  const big = 'mixture: big\ntasks:\n' + '  - name: t\n'.repeat(50 * 1024 * 1024 / 12);
  const [d] = assertLocatedErrors(big, 'file-too-large');
  assert.deepEqual(d.range, [0, 'mixture: big'.length]);
  assert.match(d.message, /50\.0 MB/);
});

test('guard: binary garbage', GUARD, () => {
  let seed = 12345;
  const bytes = Array.from({ length: 200_000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(seed % 256);
  });
  const diagnostics = assertLocatedErrors(bytes.join(''));
  assert.ok(diagnostics.length <= 100, 'capped');
  assert.ok(diagnostics.some((d) => /U\+00[0-9A-F]{2} is not allowed/.test(d.message)));
});

test('guard: NUL bytes', GUARD, () => {
  const text = 'mixture: a\u0000b\ntasks:\n  - name: x\n';
  const diagnostics = assertLocatedErrors(text);
  assert.deepEqual(diagnostics.map((d) => [d.range, d.message]), [[[10, 11], 'Character U+0000 is not allowed in YAML (is this a binary file?): remove it.']]);
});

test('guard: 10,000-deep nesting', GUARD, () => {
  assertLocatedErrors('mixture: ' + '['.repeat(10_000) + ']'.repeat(10_000));
  assertLocatedErrors('sampling: ' + '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000));
  assertLocatedErrors('tasks:\n  ' + '- '.repeat(10_000) + 'x\n');
});

test('MixtureDocument: a one-line edit re-parses one piece and checks one entry', () => {
  const text = `mixture: m
tasks:
  - name: a
    examples: 1
  - name: b
    examples: 2
  - name: c
    examples: 3
`;
  let checked = 0;
  const checker = (e: MixtureEntry) => {
    checked++;
    return keyReportingChecker(e);
  };
  const doc = new MixtureDocument(text, { entryChecker: checker });
  doc.result();
  assert.equal(doc.stats.pieces, 5);
  assert.equal(doc.stats.reparsedPieces, 5);
  assert.equal(checked, 3);

  const edited = text.replace('examples: 2', 'examples: 20');
  doc.update(edited);
  assert.deepEqual({ reparsed: doc.stats.reparsedPieces, full: doc.stats.fullParse }, { reparsed: 1, full: false });
  const result = doc.result();
  assert.equal(checked, 4);
  assert.deepEqual(project(result), project(fullResult(edited)));
  assert.equal((result.model.tasks[2] as TaskEntry).examples?.range[0], edited.indexOf('3'), 'later entries moved');

  doc.update(text); // undo: the old piece comes back from the cache
  assert.equal(doc.stats.reparsedPieces, 0);
  assert.deepEqual(project(doc.result()), project(fullResult(text)));
  assert.equal(checked, 4);
});

test('MixtureDocument: anchors, tabs and piece errors fall back to a full parse', () => {
  const base = 'mixture: m\ntasks:\n  - name: a\n  - name: b\n';
  for (const [label, text] of [
    ['anchor', base.replace('name: a', 'name: &n a')],
    ['tab', base.replace('  - name: b', '\t- name: b')],
    ['error', base.replace('name: b', 'name: "b')],
    ['duplicate top key', base + 'mixture: again\n'],
    ['flow collection across pieces', base + 'results: [a,\nb]\n'],
  ]) {
    const doc = new MixtureDocument(base, { entryChecker: keyReportingChecker });
    doc.update(text);
    assert.equal(doc.stats.fullParse, true, label);
    assert.deepEqual(project(doc.result()), project(fullResult(text)), label);
    doc.update(base);
    assert.equal(doc.stats.fullParse, false, `${label}: incremental again once fixed`);
  }
});

test('MixtureDocument equals a full parse on unusual layouts', () => {
  const layouts = [
    'tasks:\n    # a comment deeper than the items\n  - name: a\n',
    '\uFEFFmixture: bom\r\ntasks: # c\r\n  - name: a\r\n    prefix: "a:"\r\n',
    'tasks:\n- a\n- name: b\nmixture: x\n',
    'description: >-\n  folded\n\n  text\n\ntasks:\n  - name: a\n    description: |+\n      keep\n\n  - name: b\n',
    'tasks:\n  - name: a\n  # c\n# c0\n\n  - name: b\nresults:\n  pairwise:\n    a: {b: 1}\n',
    'tasks:\n  - - nested\n  - name: x\n',
    '"mixture": q\n\'tasks\':\n  - name: a\n',
    'tasks: [{name: a}, {include: b.mixture.yaml}]\n',
    'tasks:\n  - name: "multi\n      line"\n  - name: b\n',
    'tasks:\n  - name: a\ntasks:\n  - name: b\n',
  ];
  for (const text of layouts) {
    const doc = new MixtureDocument(text, { entryChecker: keyReportingChecker });
    assert.deepStrictEqual(project(doc.result()), project(fullResult(text)), JSON.stringify(text));
  }
});

test('MixtureDocument: LSP edits apply in order and clamp offsets outside the text', () => {
  const doc = new MixtureDocument('mixture: m\n');
  doc.applyEdits([
    { range: [9, 10], text: 'glue' },
    { range: [0, 0], text: '# c\n' },
    { range: [1000, 2000], text: 'tasks: []\n' },
  ]);
  assert.equal(doc.text, '# c\nmixture: glue\ntasks: []\n');
  assert.equal(doc.result().model.mixture?.value, 'glue');
});

test('MixtureDocument: a file over the size limit, and back', () => {
  const doc = new MixtureDocument('mixture: m\n', { maxLength: 100 });
  doc.update('mixture: m\n' + '#'.repeat(200));
  assert.deepEqual(doc.result().diagnostics.map((d) => d.code), ['file-too-large']);
  doc.update('mixture: n\n');
  assert.equal(doc.result().model.mixture?.value, 'n');
  assert.equal(doc.stats.fullParse, false);
});

test('guard: deep block nesting followed by a dedent is refused before parsing, at the line that goes too deep', GUARD, () => {
  const head = 'mixture: m\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n';
  const shapes: [string, (i: number) => string][] = [
    ['maps, one column per level', (i) => `${' '.repeat(i)}x:\n`],
    ['maps, two columns per level', (i) => `${' '.repeat(2 * i)}x:\n`],
    ['sequences', (i) => `${' '.repeat(i)}-\n`],
    ['items holding maps', (i) => `${' '.repeat(2 * i)}- x:\n`],
  ];
  for (const [what, level] of shapes) {
    let deep = 'description:\n';
    for (let i = 1; i <= 2000; i++) deep += level(i);
    const text = head + deep + 'sampling: {strategy: uniform}\n';
    const diagnostics = assertLocatedErrors(text);
    const d = diagnostics.find((x) => /Indentation nests more than 128 levels/.test(x.message));
    assert.ok(d, `${what}: the depth is named (${diagnostics.map((x) => x.message).join(' | ')})`);
    // Located at the first line past the limit (the first level is line 1 of `deep`, after `description:`).
    const line = text.slice(0, d.range[0]).split('\n').length;
    const firstLevel = head.split('\n').length + 1;
    assert.ok(line > firstLevel + 100 && line < firstLevel + 130, `${what}: reported on line ${line}`);
  }
  // Block scalars are text, not nesting, however their lines are indented; ordinary mixtures are untouched.
  let scalar = 'mixture: m\ndescription: |\n';
  for (let i = 1; i <= 300; i++) scalar += `${' '.repeat(i + 1)}line ${i}\n`;
  scalar += 'tasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n';
  assert.deepEqual(parseMixture(scalar).diagnostics, []);
  assert.equal(new MixtureDocument(scalar).result().model.tasks.length, 1);
});

test('tags that turn a value into something a mixture cannot hold are wrong-type errors at the tag', () => {
  const text = 'mixture: !!binary bWl4\ntasks:\n  - name: !!binary aGVsbG8=\n    prefix: !!timestamp 2001-12-14\n    examples: 3\n  - name: b\n    prefix: !!str "b:"\n    examples: !!int 4\n';
  const { diagnostics } = parseMixture(text);
  const wrong = diagnostics.filter((d) => d.code === 'wrong-type');
  assert.deepEqual(wrong.map((d) => text.slice(d.range[0], d.range[1])), ['!!binary bWl4', '!!binary aGVsbG8=', '!!timestamp 2001-12-14']);
  assert.ok(wrong.every((d) => d.severity === 'error'));
  assert.match(wrong[0]!.message, /`!!binary` makes this value binary data/);
  assert.match(wrong[2]!.message, /a date/);
  // Tags that keep the value's kind (`!!str` on text, `!!int` on a number) are fine; the incremental document agrees.
  const doc = new MixtureDocument(text);
  assert.deepEqual(doc.result().diagnostics.filter((d) => d.code === 'wrong-type').map((d) => d.range), wrong.map((d) => d.range));
  assert.equal(parseMixture('mixture: !!str m\ntasks: []\n').diagnostics.length, 0);
});

test('MixtureDocument over its live limit: checked when made and on checkNow, deferred (and saying so) after edits', () => {
  const text = 'mixture: m\ndescription: padding\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n  - name: a\n    prefix: "b:"\n';
  const doc = new MixtureDocument(text, { maxLiveLength: 50 });
  const checked = doc.result();
  assert.equal(checked.model.tasks.length, 2);
  const notice = checked.diagnostics.find((d) => d.code === 'large-file');
  assert.ok(notice && notice.severity === 'info', 'a checked large file says it is checked on open and save');
  assert.match(notice.message, /checked in full when opened and saved/);
  assert.deepEqual(notice.range, [0, 'mixture: m'.length]);

  doc.applyEdits([{ range: [9, 10], text: 'n' }]);
  assert.equal(doc.isDeferred, true);
  const waiting = doc.result();
  assert.deepEqual(waiting.model.tasks, []);
  assert.deepEqual(waiting.diagnostics.map((d) => d.code), ['large-file']);
  assert.match(waiting.diagnostics[0]!.message, /your edits are checked when you save/);

  assert.equal(doc.checkNow(), true);
  assert.equal(doc.isDeferred, false);
  assert.equal(doc.result().model.mixture?.value, 'n');
  assert.equal(doc.checkNow(), false);
  // Back under the limit, edits are checked as they come again.
  doc.update('mixture: small\ntasks: []\n');
  assert.equal(doc.isDeferred, false);
  assert.equal(doc.result().model.mixture?.value, 'small');
  assert.ok(!doc.result().diagnostics.some((d) => d.code === 'large-file'));
});

test('the size limit: files over 4 MB are read (the editor checks them on open and save); over 32 MB refused', () => {
  const big = 'mixture: big\ndescription: "' + 'x'.repeat(5 * 1024 * 1024) + '"\ntasks:\n  - name: a\n    prefix: "a:"\n    examples: 1\n';
  const parsed = parseMixture(big);
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.model.tasks.length, 1);
  assert.deepEqual(new MixtureDocument(big).result().diagnostics, []);
});
