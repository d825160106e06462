// Checks of the file's own settings: the top-level keys, `sampling`, `budget`, `results`, and the
// rules that tie the strategy to the budget and to the tasks' `rate`.
import { DEFAULT_STRATEGY, MIXTURE_NAME_PATTERN, SECTIONS, SETTING_USED_BY, STRATEGY_NAMES } from '../schema/mixtureFormat';
import type { Diagnostic, Fix, IncludeEntry, KeyInfo, MixtureModel, SamplingSpec, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { STRATEGY_ALIASES, suggest } from './didYouMean';
import { entryAnchor } from './entryChecks';
import { checkSectionKeys } from './sectionChecks';
import { checkTokenSettings } from './tokenChecks';
import { checkEngineSettings } from './engineChecks';
import { insertKeyEdit, insertTopLevelKeyEdit, removeKeyEdit, replaceEdit } from '../edit';

/** The strategy the rates use: `equal` read as `uniform`, absent as the default; undefined when unknown. */
export function effectiveStrategy(sampling: SamplingSpec | undefined): string | undefined {
  const written = sampling?.strategy?.value;
  if (written === undefined) {
    // A strategy of the wrong type is reported as such; do not guess what it meant.
    return sampling?.keys.some((k) => k.key === 'strategy') ? undefined : DEFAULT_STRATEGY;
  }
  if (written === 'equal') return 'uniform';
  return (STRATEGY_NAMES as readonly string[]).includes(written) ? written : undefined;
}

function keyOf(keys: readonly KeyInfo[] | undefined, name: string): KeyInfo | undefined {
  return keys?.find((k) => k.key === name);
}

function removeFix(text: string | undefined, key: KeyInfo, title: string): Fix[] {
  return text === undefined ? [] : [{ title, edits: [removeKeyEdit(text, key)], preferred: true }];
}

/** Diagnostics of the top level, `sampling`, `budget` and `results`, and of strategy-dependent task keys. */
export function checkTopLevel(model: MixtureModel, text?: string): Diagnostic[] {
  const out = checkSectionKeys(SECTIONS.top, model.keys, model, text);
  const firstKey: readonly [number, number] = model.keys[0]?.keyRange ?? [0, 0];

  if (!keyOf(model.keys, 'mixture')) {
    out.push(
      makeDiagnostic('missing-key', firstKey, 'A mixture file needs `mixture: <name>` (its seqio name): add it at the top.', {
        fixes: text !== undefined ? [{ title: 'Add `mixture: my_mixture`', edits: [insertTopLevelKeyEdit(text, model.keys, 'mixture: my_mixture')], preferred: true }] : [],
      }),
    );
  } else if (model.mixture && !new RegExp(MIXTURE_NAME_PATTERN).test(model.mixture.value)) {
    const fixed = model.mixture.value.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^(?=[^A-Za-z_])/, '_');
    out.push(
      makeDiagnostic(
        'invalid-mixture-name',
        model.mixture.range,
        `\`${model.mixture.value}\` is not a mixture name: use a letter or \`_\`, then letters, digits, \`_\`, \`.\` or \`-\` (e.g. \`${fixed}\`).`,
        { fixes: [{ title: `Rename to \`${fixed}\``, edits: [replaceEdit(model.mixture.range, fixed)], preferred: true }] },
      ),
    );
  }

  const tasksKey = keyOf(model.keys, 'tasks');
  if (!tasksKey) {
    out.push(makeDiagnostic('missing-key', firstKey, 'A mixture file needs `tasks:`, a list of at least one task.'));
  } else if (tasksKey.valueType === 'null' || (tasksKey.valueType === 'seq' && model.tasks.length === 0)) {
    out.push(makeDiagnostic('empty-tasks', tasksKey.keyRange, '`tasks` is empty: list at least one task (`- name: ...`) or include (`- include: ...`).'));
  }

  if (model.sampling) out.push(...checkSampling(model.sampling, text));
  if (model.budget) {
    out.push(...checkSectionKeys(SECTIONS.budget, model.budget.keys, model.budget, text));
    out.push(...checkBudgetShape(model, text));
  }
  if (model.results) out.push(...checkSectionKeys(SECTIONS.results, model.results.keys, model.results, text));
  out.push(...checkStrategyRules(model, text));
  out.push(...checkTokenSettings(model, text));
  out.push(...checkEngineSettings(model, text));
  return out;
}

function checkSampling(sampling: SamplingSpec, text: string | undefined): Diagnostic[] {
  const out = checkSectionKeys(SECTIONS.sampling, sampling.keys, sampling, text);
  const s = sampling.strategy;
  if (s && !(STRATEGY_NAMES as readonly string[]).includes(s.value)) {
    const guess = suggest(s.value, STRATEGY_NAMES, STRATEGY_ALIASES);
    const list = STRATEGY_NAMES.map((n) => `\`${n}\``).join(', ');
    out.push(
      makeDiagnostic('unknown-strategy', s.range, guess ? `Unknown strategy \`${s.value}\`: did you mean \`${guess}\`?` : `Unknown strategy \`${s.value}\`. Strategies: ${list}.`, {
        fixes: guess ? [{ title: `Change to \`${guess}\``, edits: [replaceEdit(s.range, guess)], preferred: true }] : [],
      }),
    );
  }
  const strategy = effectiveStrategy(sampling);
  if (strategy === undefined) return out;
  for (const setting of Object.keys(SETTING_USED_BY) as (keyof typeof SETTING_USED_BY)[]) {
    const key = keyOf(sampling.keys, setting);
    if (!key || SETTING_USED_BY[setting].includes(strategy)) continue;
    const users = SETTING_USED_BY[setting].map((u) => `\`${u}\``).join(', ');
    out.push(
      makeDiagnostic('ignored-setting', key.keyRange, `\`${setting}\` is ignored by the \`${strategy}\` strategy (it is read by ${users} only): remove it, or change the strategy.`, {
        fixes: removeFix(text, key, `Remove \`${setting}\``),
      }),
    );
  }
  if (strategy === 'temperature' && !keyOf(sampling.keys, 'temperature')) {
    const anchor = s?.range ?? sampling.range;
    out.push(
      makeDiagnostic('missing-temperature', anchor, 'The `temperature` strategy needs `temperature: T` (T > 0; 1 is proportional, larger is flatter).', {
        fixes: text !== undefined
          ? [{ title: 'Add `temperature: 2`', edits: [insertKeyEdit(text, sampling.keys, sampling.range, 'temperature: 2')], preferred: true }]
          : [],
      }),
    );
  }
  return out;
}

function checkBudgetShape(model: MixtureModel, text: string | undefined): Diagnostic[] {
  const keys = model.budget!.keys;
  const steps = keyOf(keys, 'steps');
  const batch = keyOf(keys, 'batch_size');
  const examples = keyOf(keys, 'examples');
  const out: Diagnostic[] = [];
  if (examples && (steps || batch)) {
    const other = (steps ?? batch)!;
    out.push(
      makeDiagnostic('budget-conflict', examples.keyRange, 'The budget gives S twice: `examples` and `steps` × `batch_size`. Keep one of them.', {
        related: [{ message: `\`${other.key}\` is here`, range: other.keyRange }],
        fixes: removeFix(text, examples, 'Remove `examples` (keep steps × batch_size)'),
      }),
    );
  }
  if (!!steps !== !!batch) {
    const present = (steps ?? batch)!;
    const missing = steps ? 'batch_size' : 'steps';
    out.push(makeDiagnostic('incomplete-budget', present.keyRange, `\`${present.key}\` needs \`${missing}\`: the budget S is steps × batch_size. Add \`${missing}\`, or give \`examples\` instead.`));
  }
  return out;
}

/** Whether the budget gives S (examples drawn), as the rates need it. */
function budgetGivesS(model: MixtureModel): boolean {
  const b = model.budget;
  return !!b && (b.examples !== undefined || b.tokens !== undefined || (b.steps !== undefined && b.batch_size !== undefined));
}

function topEntries(model: MixtureModel): (TaskEntry | IncludeEntry)[] {
  return model.tasks.filter((e): e is TaskEntry | IncludeEntry => e.kind !== 'invalid');
}

function checkStrategyRules(model: MixtureModel, text: string | undefined): Diagnostic[] {
  const strategy = effectiveStrategy(model.sampling);
  const out: Diagnostic[] = [];
  if (strategy === 'unimax') {
    const missing: string[] = [];
    if (!budgetGivesS(model)) missing.push('a budget S (`budget.steps` and `budget.batch_size`, `budget.examples`, or `budget.tokens`)');
    if (model.budget?.max_epochs === undefined) missing.push('`budget.max_epochs` (N, the epoch cap)');
    if (missing.length) {
      const anchor = model.sampling?.strategy?.range ?? model.sampling!.range;
      out.push(makeDiagnostic('unimax-needs-budget', anchor, `\`unimax\` needs ${missing.join(' and ')}: it spreads S over the tasks, at most N epochs each.`));
    }
    for (const e of topEntries(model)) {
      const rate = keyOf(e.keys, 'rate');
      if (!rate) continue;
      out.push(
        makeDiagnostic('rate-with-unimax', rate.keyRange, '`unimax` computes every rate from the budget: a `rate` here is an error. Remove it, or use another strategy.', {
          fixes: removeFix(text, rate, 'Remove `rate`'),
        }),
      );
    }
  }
  if (strategy === 'manual' && !keyOf(model.sampling?.keys, 'default_rate')) {
    for (const e of topEntries(model)) {
      if (keyOf(e.keys, 'rate')) continue;
      const label = e.kind === 'task' ? `Task \`${e.name?.value ?? '?'}\`` : `Include \`${e.include.value}\``;
      const fixes: Fix[] = [];
      if (text !== undefined) {
        fixes.push({ title: 'Add `rate: 1` to this item', edits: [insertKeyEdit(text, e.keys, e.range, 'rate: 1')], preferred: true });
        if (model.sampling) {
          fixes.push({ title: 'Add `default_rate: 1` to sampling', edits: [insertKeyEdit(text, model.sampling.keys, model.sampling.range, 'default_rate: 1')] });
        }
      }
      out.push(makeDiagnostic('manual-missing-rate', entryAnchor(e), `${label} has no \`rate\`, and the \`manual\` strategy has no \`default_rate\`: give it a \`rate\`, or set \`sampling.default_rate\`.`, { fixes }));
    }
  }
  return out;
}
