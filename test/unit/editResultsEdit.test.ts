// Planning the "Write to results" edit: results absent or present, block and flow maps, comments kept,
// writing twice replaces, and the written file parses back to the score (and its transfer sees it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, formatScore, planResultsEdit, type ResultsScore } from '../../server/src/core/edit';
import { parseMixture } from '../../server/src/core/parse/parseMixture';

const TASKS = `mixture: m
tasks:
  - name: cola
    prefix: "cola:"
    examples: 10
  - name: sst2   # the sentiment task
    prefix: "sst2:"
    examples: 20
`;

function write(text: string, score: ResultsScore): { text: string; warning?: string } {
  const plan = planResultsEdit(text, parseMixture(text).model, score);
  assert.equal(plan.error, undefined, plan.error);
  return { text: applyEdits(text, plan.edits), ...(plan.warning ? { warning: plan.warning } : {}) };
}

/** The results the parser reads back, and that the file still parses without problems. */
function readBack(text: string) {
  const parsed = parseMixture(text);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), [], text);
  const r = parsed.model.results!;
  const plain = (m: Map<string, { value: number }> | undefined) => Object.fromEntries([...(m ?? new Map())].map(([k, v]) => [k, v.value]));
  return { metric: r.metric?.value, single: plain(r.single_task), multi: plain(r.multi_task) };
}

const cola = (value: number, block: ResultsScore['block'] = 'single_task', metric = 'accuracy'): ResultsScore => ({ task: 'cola', block, metric, value });

test('no results block: one is appended with the metric, the block and the score', () => {
  const out = write(TASKS, cola(0.8125)).text;
  assert.equal(out, TASKS + 'results:\n  metric: accuracy\n  single_task:\n    cola: 0.8125\n');
  assert.deepEqual(readBack(out), { metric: 'accuracy', single: { cola: 0.8125 }, multi: {} });
  // A file without a final newline, and one indented by four.
  const bare = write(TASKS.trimEnd(), cola(0.5, 'multi_task')).text;
  assert.equal(bare, TASKS + 'results:\n  metric: accuracy\n  multi_task:\n    cola: 0.5\n');
  const four = TASKS.replace(/^ {2}/gm, '    ');
  assert.match(write(four, cola(0.5)).text, /\nresults:\n {4}metric: accuracy\n {4}single_task:\n {8}cola: 0\.5\n$/);
});

test('results present, block absent: the block is added after its last entry, comments kept', () => {
  const text = TASKS + 'results:\n  metric: accuracy   # what the numbers are\n  multi_task:\n    sst2: 0.9   # measured\n# the end\n';
  const out = write(text, cola(0.75)).text;
  assert.equal(out, TASKS + 'results:\n  metric: accuracy   # what the numbers are\n  multi_task:\n    sst2: 0.9   # measured\n  single_task:\n    cola: 0.75\n# the end\n');
  assert.deepEqual(readBack(out), { metric: 'accuracy', single: { cola: 0.75 }, multi: { sst2: 0.9 } });
  // Without a metric the block gets one.
  const noMetric = write(TASKS + 'results:\n  multi_task:\n    sst2: 0.9\n', cola(0.75, 'single_task', 'f1')).text;
  assert.deepEqual(readBack(noMetric), { metric: 'f1', single: { cola: 0.75 }, multi: { sst2: 0.9 } });
  // `results:` with nothing under it.
  const empty = write(TASKS + 'results:\n', cola(0.25)).text;
  assert.equal(empty, TASKS + 'results:\n  metric: accuracy\n  single_task:\n    cola: 0.25\n');
});

test('block maps and flow maps get the entry in their own style; writing twice replaces the value', () => {
  const block = TASKS + 'results:\n  metric: accuracy\n  single_task:\n    sst2: 92.7  # alone\n  pairwise:\n    sst2: {cola: 93.1}\n';
  const once = write(block, cola(52.1)).text;
  assert.equal(once, TASKS + 'results:\n  metric: accuracy\n  single_task:\n    sst2: 92.7  # alone\n    cola: 52.1\n  pairwise:\n    sst2: {cola: 93.1}\n');
  const twice = write(once, cola(54.25)).text;
  assert.equal(twice, once.replace('cola: 52.1', 'cola: 54.25'));
  assert.deepEqual(readBack(twice).single, { sst2: 92.7, cola: 54.25 });

  const flow = TASKS + 'results:\n  metric: accuracy\n  single_task: {sst2: 92.7}   # alone\n  multi_task: { }\n';
  const f1 = write(flow, cola(52.1)).text;
  assert.equal(f1, TASKS + 'results:\n  metric: accuracy\n  single_task: {sst2: 92.7, cola: 52.1}   # alone\n  multi_task: { }\n');
  const f2 = write(f1, cola(50, 'multi_task')).text;
  assert.match(f2, /multi_task: \{cola: 50 ?\}/);
  assert.deepEqual(readBack(f2), { metric: 'accuracy', single: { sst2: 92.7, cola: 52.1 }, multi: { cola: 50 } });
  assert.equal(write(f2, cola(51, 'multi_task')).text, f2.replace('cola: 50', 'cola: 51'));

  const flowResults = TASKS + 'results: {metric: accuracy}\n';
  const fr = write(flowResults, cola(0.5)).text;
  assert.equal(fr, TASKS + 'results: {metric: accuracy, single_task: {cola: 0.5}}\n');
  assert.deepEqual(readBack(fr), { metric: 'accuracy', single: { cola: 0.5 }, multi: {} });
});

test('a different results.metric is a warning; an undefined score or a non-map block is refused', () => {
  const text = TASKS + 'results:\n  metric: bleu\n  single_task: {sst2: 30}\n';
  const written = write(text, cola(0.5));
  assert.match(written.warning!, /results\.metric is 'bleu', but this score is accuracy/);
  assert.deepEqual(readBack(written.text).single, { sst2: 30, cola: 0.5 });
  const undefinedScore = planResultsEdit(text, parseMixture(text).model, cola(Number.NaN));
  assert.deepEqual(undefinedScore.edits, []);
  assert.match(undefinedScore.error!, /undefined/);
  const scalar = TASKS + 'results:\n  single_task: 3\n';
  assert.match(planResultsEdit(scalar, parseMixture(scalar).model, cola(1)).error!, /results\.single_task is not a map/);
  const notMap = TASKS + 'results: [1, 2]\n';
  assert.match(planResultsEdit(notMap, parseMixture(notMap).model, cola(1)).error!, /`results` is not a map/);
});

test('CRLF files keep CRLF; task names that are not plain YAML keys are quoted; scores are rounded to 4 decimals', () => {
  const crlf = TASKS.replace(/\n/g, '\r\n');
  const out = write(crlf, cola(1 / 3)).text;
  assert.equal(out, crlf + 'results:\r\n  metric: accuracy\r\n  single_task:\r\n    cola: 0.3333\r\n');
  assert.equal(formatScore(0.1 + 0.2), '0.3');
  assert.equal(formatScore(82.34000000001), '82.34');
  const odd = TASKS.replace('name: cola', 'name: "yes"');
  assert.match(write(odd, { task: 'yes', block: 'single_task', metric: 'accuracy', value: 1 }).text, /"yes": 1\n$/);
});

test('CRLF: every way of writing a score writes CRLF, and the result reads back', () => {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const cases: [before: string, after: string][] = [
    // A block map of scores gets a line.
    ['results:\n  metric: accuracy\n  single_task:\n    sst2: 0.9\n', 'results:\n  metric: accuracy\n  single_task:\n    sst2: 0.9\n    cola: 0.5\n'],
    // `results:` with nothing under it.
    ['results:\n', 'results:\n  metric: accuracy\n  single_task:\n    cola: 0.5\n'],
    // `single_task:` with nothing under it.
    ['results:\n  metric: accuracy\n  single_task:\n', 'results:\n  metric: accuracy\n  single_task:\n    cola: 0.5\n'],
    // A new block after the last entry of `results`.
    ['results:\n  metric: accuracy\n  multi_task:\n    sst2: 0.9\n', 'results:\n  metric: accuracy\n  multi_task:\n    sst2: 0.9\n  single_task:\n    cola: 0.5\n'],
    // A value replaced in place.
    ['results:\n  metric: accuracy\n  single_task:\n    cola: 0.1  # old\n', 'results:\n  metric: accuracy\n  single_task:\n    cola: 0.5  # old\n'],
  ];
  for (const [before, after] of cases) {
    const out = write(crlf(TASKS + before), cola(0.5)).text;
    assert.equal(out, crlf(TASKS + after), JSON.stringify(before));
    assert.deepEqual(readBack(out).single.cola, 0.5);
  }
});

test('a written null (`results: ~`) becomes a flow map on its line, never lines under a scalar', () => {
  const out = write(TASKS + 'results: ~   # later\n', cola(0.5)).text;
  assert.equal(out, TASKS + 'results: {metric: accuracy, single_task: {cola: 0.5}}   # later\n');
  assert.deepEqual(readBack(out), { metric: 'accuracy', single: { cola: 0.5 }, multi: {} });
});

test('replacing a score already in the file says so, with the old and the new value (the client asks first)', () => {
  const text = TASKS + 'results:\n  metric: accuracy\n  multi_task: {cola: 92.1, sst2: 88.9}\n';
  const model = parseMixture(text).model;
  const plan = planResultsEdit(text, model, cola(0, 'multi_task'));
  assert.deepEqual(plan.replaces, { previous: 92.1, next: 0 });
  assert.equal(applyEdits(text, plan.edits), text.replace('cola: 92.1', 'cola: 0'));
  // A new entry replaces nothing; the same value is no edit at all.
  assert.equal(planResultsEdit(text, model, cola(0.5)).replaces, undefined);
  const same = planResultsEdit(text, model, cola(92.1, 'multi_task'));
  assert.deepEqual(same.edits, []);
  assert.equal(same.replaces, undefined);
});
