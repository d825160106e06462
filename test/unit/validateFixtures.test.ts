// Every diagnostic code: a fixture that triggers it (code, severity, and the exact token its range
// covers) and one that does not; every fix removes its diagnostic and edits nothing outside its span.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { MixtureDocument, parseMixture } from '../../server/src/core/parse';
import type { Diagnostic, IncludeEntry, MixtureModel, TaskEntry, TextEdit } from '../../server/src/core/types';
import {
  applyEdits,
  checkDataOutcome,
  checkIncludeOutcome,
  checkMixture,
  checkRateOutcome,
  checkEngineRates,
  budgetExamples,
  checkTaskSize,
  dataSizeNeeded,
  DIAGNOSTIC_CODES,
  type DataOutcome,
  type DiagnosticCode,
  type IncludeOutcome,
  type TaskCheckContext,
  type TaskRate,
  checkDiminishingRepeats,
  checkTaskTokens,
  checkTokenizerOutcome,
} from '../../server/src/core/validate';
import { samplingOf } from '../../server/src/core/analyze';
import { computeRates, type RateMixtureNode } from '../../server/src/core/rates';

const DIR = join(__dirname, '../../../test/fixtures/diagnostics');
const GLUE = '/work/glue.mixture.yaml';

type Run = (model: MixtureModel, text: string) => Diagnostic[];

interface Case {
  code: DiagnosticCode;
  bad: string;
  ok: string;
  /** The exact text the diagnostic's range covers, and the 1-based line it starts on. */
  token: string;
  line: number;
  /** Diagnostics beyond the parse; default: every static check of the file. */
  run?: Run;
  /** Parse with a small size limit (the file-too-large case). */
  maxLength?: number;
}

function tasks(model: MixtureModel): TaskEntry[] {
  return model.tasks.filter((e): e is TaskEntry => e.kind === 'task');
}
function includes(model: MixtureModel): IncludeEntry[] {
  return model.tasks.filter((e): e is IncludeEntry => e.kind === 'include');
}

/** What a data reader finds in data/cola.train.jsonl: 8551 records with keys sentence and label. */
function colaData(status: 'ok' | 'missing' | 'unreadable' | 'malformed'): Run {
  return (model, text) =>
    tasks(model).flatMap((t) => {
      const outcome: DataOutcome =
        status === 'missing' ? { status, path: 'data/cola.train.jsonl' }
        : status === 'unreadable' ? { status, path: 'data/cola.train.jsonl', reason: 'permission denied' }
        : status === 'malformed' ? { status, path: 'data/cola.train.jsonl', line: 17, reason: 'Unexpected token } in JSON' }
        : {
            status,
            count: 8551,
            missingFields: (['input', 'target'] as const)
              .map((field) => ({ field, name: t.fields?.[field]?.value ?? field }))
              .filter((f) => !['sentence', 'label'].includes(f.name))
              .map((f) => ({ ...f, line: 1, available: ['sentence', 'label', 'idx'] })),
          };
      return checkDataOutcome(t, outcome, text);
    });
}

function includeRun(outcome: IncludeOutcome): Run {
  return (model) => includes(model).flatMap((e) => checkIncludeOutcome(e, outcome));
}

/** The context a lead would build: glue.mixture.yaml defines cola with prefix "cola sentence:". */
function glueContext(model: MixtureModel): TaskCheckContext {
  const via = includes(model)[0];
  return { file: '/work/plus.mixture.yaml', included: [{ name: 'cola', prefix: 'cola sentence:', examples: 8551, file: GLUE, range: [20, 24], via }] };
}

/** Rates as the engine would give them for rates.mixture.yaml (S = 8000), by task name. */
function ratesRun(p: Record<string, number>): Run {
  return (model) => {
    const rates: TaskRate[] = tasks(model).map((t) => {
      const rate = p[t.name!.value] ?? 0;
      const n = t.examples?.value ?? 0;
      return { name: t.name!.value, entry: t, rate, epochs: n > 0 ? (8000 * rate) / n : null };
    });
    return checkRateOutcome(model, rates);
  };
}

/** The engine checks on a manual mixture: p = rate / sum of rates, n = examples, S and max_epochs from the budget. */
function engineRun(model: MixtureModel, text: string): Diagnostic[] {
  const own = tasks(model);
  const sum = own.reduce((a, t) => a + (t.rate?.value ?? 0), 0);
  const rates = own.map((t) => ({ name: t.name!.value, entry: t, rate: (t.rate?.value ?? 0) / sum, examples: t.examples?.value ?? NaN }));
  return checkEngineRates(model, text, rates, budgetExamples(model), model.budget?.max_epochs?.value ?? 10);
}

/** The rates engine on the file's own tasks (declared examples), then the diminishing-repeats check on its rates. */
function repeatsRun(model: MixtureModel, text: string): Diagnostic[] {
  const tree: RateMixtureNode = {
    kind: 'mixture',
    name: model.mixture?.value ?? 'm',
    sampling: samplingOf(model),
    entries: tasks(model).map((t) => ({ kind: 'task', name: t.name!.value, prefix: t.prefix?.value ?? '', examples: t.examples?.value ?? NaN, ...(t.scale ? { scale: t.scale.value } : {}), ...(t.rate ? { rate: t.rate.value } : {}) })),
  };
  const outcome = computeRates(tree, { examplesDrawn: budgetExamples(model) });
  if (!outcome.ok) return [];
  return checkDiminishingRepeats({ model, text, rates: outcome.result, sampling: outcome.rootSampling, tree, details: outcome.details, includedVia: new Map() });
}

/** The token states a count would give: tasks with `tokens` known, the others without data to count. */
function tokensRun(model: MixtureModel): Diagnostic[] {
  return checkTaskTokens(model, tasks(model).map((t) => ({ entry: t, name: t.name!.value, known: t.tokens !== undefined, why: 'it has no `data` to count them from' })));
}

const CASES: Case[] = [
  { code: 'yaml-syntax', bad: 'yaml-syntax.bad.mixture.yaml', ok: 'unknown-key.ok.mixture.yaml', token: '', line: 0 },
  { code: 'not-a-mapping', bad: 'not-a-mapping.bad.mixture.yaml', ok: 'unknown-key.ok.mixture.yaml', token: '- name: cola', line: 2 },
  { code: 'file-too-large', bad: 'unknown-key.ok.mixture.yaml', ok: 'wrong-type.ok.mixture.yaml', token: '# Every optional key of a task, spelt right.', line: 1, maxLength: 200 },
  {
    // An editor's document over its live-check limit says so on the first line (checked on open and save).
    code: 'large-file', bad: 'unknown-key.ok.mixture.yaml', ok: 'wrong-type.ok.mixture.yaml', token: '# Every optional key of a task, spelt right.', line: 1,
    run: (_model, text) => new MixtureDocument(text, { maxLiveLength: 200 }).result().diagnostics,
  },
  { code: 'unknown-key', bad: 'unknown-key.bad.mixture.yaml', ok: 'unknown-key.ok.mixture.yaml', token: 'exampels', line: 6 },
  { code: 'wrong-type', bad: 'wrong-type.bad.mixture.yaml', ok: 'wrong-type.ok.mixture.yaml', token: '"8,551"', line: 5 },
  { code: 'missing-key', bad: 'missing-key.bad.mixture.yaml', ok: 'missing-key.ok.mixture.yaml', token: 'cola', line: 3 },
  { code: 'negative-value', bad: 'negative-value.bad.mixture.yaml', ok: 'negative-value.ok.mixture.yaml', token: '-8551', line: 5 },
  { code: 'not-positive', bad: 'not-positive.bad.mixture.yaml', ok: 'not-positive.ok.mixture.yaml', token: '-2', line: 4 },
  { code: 'unknown-metric', bad: 'unknown-metric.bad.mixture.yaml', ok: 'unknown-metric.ok.mixture.yaml', token: 'acuracy', line: 6 },
  { code: 'include-extra-key', bad: 'include-extra-key.bad.mixture.yaml', ok: 'include-extra-key.ok.mixture.yaml', token: 'prefix', line: 7 },
  { code: 'invalid-entry', bad: 'invalid-entry.bad.mixture.yaml', ok: 'invalid-entry.ok.mixture.yaml', token: '- nmae: sst2\n    prefx: "sst2 sentence:"', line: 6 },
  { code: 'prefix-missing-colon', bad: 'prefix-missing-colon.bad.mixture.yaml', ok: 'prefix-missing-colon.ok.mixture.yaml', token: '"cola sentence"', line: 4 },
  { code: 'foreign-weight-key', bad: 'foreign-weight-key.bad.mixture.yaml', ok: 'foreign-weight-key.ok.mixture.yaml', token: 'weight', line: 8 },
  { code: 'invalid-mixture-name', bad: 'invalid-mixture-name.bad.mixture.yaml', ok: 'invalid-mixture-name.ok.mixture.yaml', token: '1glue small', line: 1 },
  { code: 'empty-tasks', bad: 'empty-tasks.bad.mixture.yaml', ok: 'empty-tasks.ok.mixture.yaml', token: 'tasks', line: 2 },
  { code: 'unknown-strategy', bad: 'unknown-strategy.bad.mixture.yaml', ok: 'unknown-strategy.ok.mixture.yaml', token: 'temprature', line: 3 },
  { code: 'budget-conflict', bad: 'budget-conflict.bad.mixture.yaml', ok: 'budget-conflict.ok.mixture.yaml', token: 'examples', line: 5 },
  { code: 'incomplete-budget', bad: 'incomplete-budget.bad.mixture.yaml', ok: 'incomplete-budget.ok.mixture.yaml', token: 'steps', line: 3 },
  { code: 'ignored-setting', bad: 'ignored-setting.bad.mixture.yaml', ok: 'ignored-setting.ok.mixture.yaml', token: 'temperature', line: 4 },
  { code: 'missing-temperature', bad: 'missing-temperature.bad.mixture.yaml', ok: 'missing-temperature.ok.mixture.yaml', token: 'temperature', line: 3 },
  { code: 'unimax-needs-budget', bad: 'unimax-needs-budget.bad.mixture.yaml', ok: 'unimax-needs-budget.ok.mixture.yaml', token: 'unimax', line: 3 },
  { code: 'manual-missing-rate', bad: 'manual-missing-rate.bad.mixture.yaml', ok: 'manual-missing-rate.ok.mixture.yaml', token: 'sst2', line: 8 },
  { code: 'rate-with-unimax', bad: 'rate-with-unimax.bad.mixture.yaml', ok: 'rate-with-unimax.ok.mixture.yaml', token: 'rate', line: 11 },
  { code: 'duplicate-task-name', bad: 'duplicate-task-name.bad.mixture.yaml', ok: 'duplicate-task-name.ok.mixture.yaml', token: '"cola"', line: 8 },
  { code: 'duplicate-prefix', bad: 'duplicate-prefix.bad.mixture.yaml', ok: 'duplicate-prefix.ok.mixture.yaml', token: '"glue:"', line: 7 },
  { code: 'prefix-shadowed', bad: 'prefix-shadowed.bad.mixture.yaml', ok: 'prefix-shadowed.ok.mixture.yaml', token: '"nli: hypothesis:"', line: 7 },
  { code: 'results-unknown-task', bad: 'results-unknown-task.bad.mixture.yaml', ok: 'results-unknown-task.ok.mixture.yaml', token: 'sst', line: 11 },
  {
    code: 'task-definition-conflict', bad: 'task-definition-conflict.bad.mixture.yaml', ok: 'task-definition-conflict.ok.mixture.yaml', token: '"cola:"', line: 5,
    run: (model, text) => checkMixture(model, text, glueContext(model)),
  },
  { code: 'data-file-missing', bad: 'data-file-missing.bad.mixture.yaml', ok: 'data-file-missing.ok.mixture.yaml', token: 'data/cola.train.jsonl', line: 5, run: colaData('missing') },
  {
    // A data file not on this machine where the rates do not need its size (manual): a warning at the path.
    code: 'data-file-not-here', bad: 'data-file-not-here.bad.mixture.yaml', ok: 'data-file-not-here.ok.mixture.yaml', token: 'data/cola.train.jsonl', line: 7,
    run: (model, text) => tasks(model).flatMap((t) => checkDataOutcome(t, { status: 'missing', path: 'data/cola.train.jsonl' }, text, dataSizeNeeded(model, t))),
  },
  { code: 'data-file-unreadable', bad: 'data-file-unreadable.bad.mixture.yaml', ok: 'data-file-unreadable.ok.mixture.yaml', token: 'data/cola.train.jsonl', line: 5, run: colaData('unreadable') },
  { code: 'data-malformed', bad: 'data-malformed.bad.mixture.yaml', ok: 'data-malformed.ok.mixture.yaml', token: 'data/cola.train.jsonl', line: 5, run: colaData('malformed') },
  {
    code: 'data-warning', bad: 'data-malformed.bad.mixture.yaml', ok: 'data-malformed.ok.mixture.yaml', token: 'data/cola.train.jsonl', line: 5,
    run: (model, text) =>
      tasks(model).flatMap((t) =>
        checkDataOutcome(t, { status: 'ok', count: 8551, path: 'data/cola.train.jsonl', warnings: ['The record at line 1 is larger than 16 MiB; it is counted but not shown.'] }, text),
      ),
  },
  { code: 'data-fields-missing', bad: 'data-fields-missing.bad.mixture.yaml', ok: 'data-fields-missing.ok.mixture.yaml', token: 'sentense', line: 6, run: colaData('ok') },
  { code: 'examples-mismatch', bad: 'examples-mismatch.bad.mixture.yaml', ok: 'examples-mismatch.ok.mixture.yaml', token: '8500', line: 5, run: colaData('ok') },
  {
    code: 'examples-unknown', bad: 'examples-unknown.bad.mixture.yaml', ok: 'examples-unknown.ok.mixture.yaml', token: 'cola', line: 3,
    run: (model) => tasks(model).flatMap((t) => checkTaskSize(t, 'not-counted')),
  },
  { code: 'include-missing', bad: 'include-missing.bad.mixture.yaml', ok: 'include-missing.ok.mixture.yaml', token: 'glue.mixture.yaml', line: 3, run: includeRun({ status: 'missing', path: 'glue.mixture.yaml' }) },
  { code: 'include-cycle', bad: 'include-cycle.bad.mixture.yaml', ok: 'include-cycle.ok.mixture.yaml', token: 'glue.mixture.yaml', line: 3, run: includeRun({ status: 'cycle', chain: ['plus.mixture.yaml', 'glue.mixture.yaml', 'plus.mixture.yaml'] }) },
  {
    code: 'include-has-errors', bad: 'include-has-errors.bad.mixture.yaml', ok: 'include-has-errors.ok.mixture.yaml', token: 'glue.mixture.yaml', line: 3,
    run: includeRun({ status: 'has-errors', path: 'glue.mixture.yaml', file: GLUE, errors: [{ message: 'Unknown strategy `zipf`.', range: [30, 34] }] }),
  },
  { code: 'too-many-epochs', bad: 'rates.mixture.yaml', ok: 'rates.mixture.yaml', token: 'cola', line: 7, run: ratesRun({ cola: 0.5, sst2: 0.5 }) },
  { code: 'starved-task', bad: 'rates.mixture.yaml', ok: 'rates.mixture.yaml', token: 'sst2', line: 10, run: ratesRun({ cola: 0.9999, sst2: 0.0001 }) },
  { code: 'zero-probability', bad: 'rates.mixture.yaml', ok: 'rates.mixture.yaml', token: '0', line: 16, run: ratesRun({ cola: 0.1, sst2: 0.9 }) },
  { code: 'all-rates-zero', bad: 'rates.mixture.yaml', ok: 'rates.mixture.yaml', token: 'tasks', line: 6, run: ratesRun({}) },
  // Tokens (spec 1.1): the unit, the tokenizer as read, tasks without tokens where the file needs them, repeats.
  { code: 'unknown-unit', bad: 'unknown-unit.bad.mixture.yaml', ok: 'unknown-unit.ok.mixture.yaml', token: 'token', line: 5 },
  {
    code: 'tokenizer-unreadable', bad: 'tokenizer-unreadable.bad.mixture.yaml', ok: 'tokenizer-unreadable.ok.mixture.yaml', token: 'models/t5-small', line: 3,
    run: (model) => (model.tokenizer ? checkTokenizerOutcome(model.tokenizer.range, false, 'models/t5-small is a folder without a tokenizer.json: point `tokenizer` to one.') : []),
  },
  { code: 'tokens-unknown', bad: 'tokens-unknown.bad.mixture.yaml', ok: 'tokens-unknown.ok.mixture.yaml', token: 'sst2', line: 12, run: tokensRun },
  { code: 'diminishing-repeats', bad: 'diminishing-repeats.bad.mixture.yaml', ok: 'diminishing-repeats.ok.mixture.yaml', token: 'small', line: 9, run: repeatsRun },
  // The engine's view (spec 1.1): static checks, then the hazards the engine's own algorithm shows on manual rates.
  { code: 'unknown-engine', bad: 'unknown-engine.bad.mixture.yaml', ok: 'unknown-engine.ok.mixture.yaml', token: 'megatorn', line: 2 },
  { code: 'engine-group-weights-sum', bad: 'engine-group-weights-sum.bad.mixture.yaml', ok: 'engine-group-weights-sum.ok.mixture.yaml', token: '0.7', line: 9 },
  { code: 'engine-needs-epoch-size', bad: 'engine-needs-epoch-size.bad.mixture.yaml', ok: 'engine-needs-epoch-size.ok.mixture.yaml', token: 'mosaic', line: 2 },
  { code: 'engine-zero-weight', bad: 'engine-zero-weight.bad.mixture.yaml', ok: 'engine-zero-weight.ok.mixture.yaml', token: 'rte', line: 13, run: engineRun },
  { code: 'engine-source-never-drawn', bad: 'engine-source-never-drawn.bad.mixture.yaml', ok: 'engine-source-never-drawn.ok.mixture.yaml', token: 'tiny', line: 21, run: engineRun },
  { code: 'engine-run-cut-short', bad: 'engine-run-cut-short.bad.mixture.yaml', ok: 'engine-run-cut-short.ok.mixture.yaml', token: 'c', line: 17, run: engineRun },
  { code: 'engine-too-many-repeats', bad: 'engine-too-many-repeats.bad.mixture.yaml', ok: 'engine-too-many-repeats.ok.mixture.yaml', token: 'c', line: 18, run: engineRun },
];

/** The rate cases' clean runs: rates that stay within every threshold. */
const CLEAN_RATES: Partial<Record<DiagnosticCode, Run>> = {
  'too-many-epochs': ratesRun({ cola: 0.01, sst2: 0.5, rte: 0.49 }),
  'starved-task': ratesRun({ cola: 0.01, sst2: 0.5, rte: 0.49 }),
  'zero-probability': ratesRun({ cola: 0.01, sst2: 0.5, rte: 0.49 }),
  'all-rates-zero': ratesRun({ cola: 0.01, sst2: 0.99 }),
};

/** Outcome runs of the clean fixtures that need a different outcome than the bad one. */
const CLEAN_RUNS: Partial<Record<DiagnosticCode, Run>> = {
  ...CLEAN_RATES,
  'data-file-missing': colaData('ok'),
  'data-file-not-here': colaData('ok'),
  'data-file-unreadable': colaData('ok'),
  'data-malformed': colaData('ok'),
  'data-warning': colaData('ok'),
  'large-file': (_model, text) => new MixtureDocument(text).result().diagnostics,
  'include-missing': includeRun({ status: 'ok' }),
  'include-cycle': includeRun({ status: 'ok' }),
  'include-has-errors': includeRun({ status: 'ok' }),
};

function read(name: string): string {
  return readFileSync(join(DIR, name), 'utf8');
}

function diagnose(text: string, run: Run | undefined, maxLength?: number): Diagnostic[] {
  const parsed = parseMixture(text, maxLength === undefined ? {} : { maxLength });
  const more = run ? run(parsed.model, text) : checkMixture(parsed.model, text);
  return [...parsed.diagnostics, ...more];
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

test('every registered code has a case, and every case a registered code and fixture files', () => {
  const covered = new Set(CASES.map((c) => c.code));
  for (const code of Object.keys(DIAGNOSTIC_CODES)) assert.ok(covered.has(code as DiagnosticCode), `no fixture case for ${code}`);
  for (const c of CASES) {
    assert.ok(existsSync(join(DIR, c.bad)), c.bad);
    assert.ok(existsSync(join(DIR, c.ok)), c.ok);
  }
});

test('codes are kebab-case and summaries are sentences', () => {
  for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
    assert.match(code, /^[a-z]+(-[a-z]+)*$/);
    assert.match(info.summary, /\.$/);
  }
});

for (const c of CASES) {
  test(`${c.code}: triggered by ${c.bad}, at the expected token, with the registered severity`, () => {
    const text = read(c.bad);
    const found = diagnose(text, c.run, c.maxLength).filter((d) => d.code === c.code);
    assert.ok(found.length > 0, `${c.code} not reported on ${c.bad}`);
    for (const d of found) {
      assert.equal(d.severity, DIAGNOSTIC_CODES[c.code].severity);
      assert.ok(d.message.length > 20, `message too terse: ${d.message}`);
      assert.ok(d.range[0] <= d.range[1] && d.range[1] <= text.length);
    }
    if (c.code !== 'yaml-syntax') {
      const at = found.find((d) => text.slice(d.range[0], d.range[1]) === c.token && lineOf(text, d.range[0]) === c.line);
      assert.ok(at, `${c.code}: expected ${JSON.stringify(c.token)} on line ${c.line}, got ${found.map((d) => `${JSON.stringify(text.slice(d.range[0], d.range[1]))}@${lineOf(text, d.range[0])}`).join(', ')}`);
    }
  });

  test(`${c.code}: not triggered by ${c.ok}`, () => {
    const run = CLEAN_RUNS[c.code] ?? c.run;
    const found = diagnose(read(c.ok), run, c.maxLength).filter((d) => d.code === c.code);
    assert.deepEqual(found.map((d) => d.message), []);
  });
}

/** Checks that an edit changed only its own span: the text outside is byte-identical. */
function assertOnlySpanChanged(before: string, after: string, edits: readonly TextEdit[]): void {
  const start = Math.min(...edits.map((e) => e.range[0]));
  const end = Math.max(...edits.map((e) => e.range[1]));
  const grown = after.length - before.length;
  assert.equal(after.slice(0, start), before.slice(0, start));
  assert.equal(after.slice(end + grown), before.slice(end));
}

for (const c of CASES) {
  test(`${c.code}: each fix removes the diagnostic and keeps the rest of the file`, () => {
    const text = read(c.bad);
    const before = diagnose(text, c.run, c.maxLength);
    const targets = before.filter((d) => d.code === c.code);
    const errorsBefore = before.filter((d) => d.severity === 'error').length;
    for (const d of targets) {
      for (const fix of d.fixes ?? []) {
        assert.ok(fix.edits.every((e) => e.file === undefined), 'fixes of this file edit this file');
        const fixed = applyEdits(text, fix.edits);
        assert.notEqual(fixed, text, `fix "${fix.title}" changes nothing`);
        assertOnlySpanChanged(text, fixed, fix.edits);
        const after = diagnose(fixed, c.run, c.maxLength);
        assert.ok(after.filter((x) => x.code === c.code).length < targets.length, `fix "${fix.title}" left ${c.code} in:\n${fixed}`);
        assert.ok(after.every((x) => x.code !== 'yaml-syntax'), `fix "${fix.title}" broke the YAML:\n${fixed}`);
        assert.ok(after.filter((x) => x.severity === 'error').length <= errorsBefore, `fix "${fix.title}" added errors:\n${fixed}`);
      }
    }
  });
}

test('the cases that promise a fix have one', () => {
  const withFix: DiagnosticCode[] = [
    'unknown-key', 'wrong-type', 'missing-key', 'unknown-metric', 'invalid-entry', 'prefix-missing-colon', 'foreign-weight-key',
    'invalid-mixture-name', 'unknown-strategy', 'budget-conflict', 'ignored-setting', 'missing-temperature', 'manual-missing-rate',
    'rate-with-unimax', 'duplicate-task-name', 'duplicate-prefix', 'results-unknown-task', 'task-definition-conflict',
    'data-fields-missing', 'examples-mismatch',
    'unknown-engine', 'engine-group-weights-sum', 'engine-zero-weight',
    'unknown-unit', 'diminishing-repeats',
  ];
  for (const code of withFix) {
    const c = CASES.find((x) => x.code === code)!;
    const text = read(c.bad);
    // invalid-entry's fix sits on the misspelt key beside it.
    const want = code === 'invalid-entry' ? 'unknown-key' : code;
    const ds = diagnose(text, c.run, c.maxLength).filter((d) => d.code === want);
    assert.ok(ds.some((d) => (d.fixes ?? []).length > 0), `${code} has no fix on ${c.bad}`);
  }
});
