// The registry of every diagnostic code: its severity and a one-line summary for the docs.
// Codes are stable (users may search for them); add new ones, never rename.
import type { Diagnostic, Fix, Range, RelatedInformation, Severity } from '../types';

export interface DiagnosticCodeInfo {
  severity: Severity;
  summary: string;
  /** Which check emits it (and so which inputs trigger it). */
  stage: 'parse' | 'entry' | 'top-level' | 'tasks' | 'data' | 'include' | 'rates';
  /** True when the generated JSON Schema rejects the same files (a structural rule, not a semantic one). */
  inJsonSchema: boolean;
}

export const DIAGNOSTIC_CODES = {
  'yaml-syntax': { severity: 'error', stage: 'parse', inJsonSchema: true, summary: 'The text is not valid YAML (emitted by the parser).' },
  'not-a-mapping': { severity: 'error', stage: 'parse', inJsonSchema: true, summary: 'The file is YAML but not a mapping at the top level (emitted by the parser).' },
  'file-too-large': { severity: 'error', stage: 'parse', inJsonSchema: false, summary: 'The file is over the size limit the parser reads (emitted by the parser).' },
  'large-file': { severity: 'info', stage: 'parse', inJsonSchema: false, summary: 'An open file too large to check as you type: the editor checks it in full when it is opened and saved.' },
  'unknown-key': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A key the format does not define where it is written (with "did you mean").' },
  'wrong-type': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A value of the wrong type (e.g. text where a number is expected, or a fraction where a whole number is).' },
  'missing-key': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A required key is absent (`mixture`, a task\'s `name` or `prefix`).' },
  'negative-value': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A count or rate below 0 (`examples`, `rate`, `cap`, `default_rate`).' },
  'not-positive': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A value that must be > 0 is not (`temperature`, `scale`, the budget\'s numbers).' },
  'unknown-metric': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A metric name outside the spec\'s list (with "did you mean").' },
  'include-extra-key': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'An include item with a task key: an include item holds only `include` and `rate`.' },
  'invalid-entry': { severity: 'error', stage: 'entry', inJsonSchema: true, summary: 'A `tasks:` item that is neither a task (`name`, `prefix`) nor an `include`.' },
  'prefix-missing-colon': { severity: 'warning', stage: 'entry', inJsonSchema: false, summary: "A task prefix that does not end with ':' (T5's convention)." },
  'foreign-weight-key': { severity: 'warning', stage: 'entry', inJsonSchema: false, summary: '`weight`, `probability` or `proportion`: keys of other tools; TaskMix reads `rate`.' },
  'invalid-mixture-name': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: '`mixture` is not an identifier ([A-Za-z_][A-Za-z0-9_.-]*).' },
  'empty-tasks': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: '`tasks` is absent, empty or not a list: a mixture needs at least one task.' },
  'unknown-strategy': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: 'A sampling strategy the format does not define (with "did you mean").' },
  'budget-conflict': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: 'The budget gives both `steps` × `batch_size` and `examples`.' },
  'incomplete-budget': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: '`steps` without `batch_size` or the reverse: neither gives S alone.' },
  'ignored-setting': { severity: 'warning', stage: 'top-level', inJsonSchema: false, summary: 'A sampling setting the strategy ignores (e.g. `temperature` with `sqrt`).' },
  'missing-temperature': { severity: 'error', stage: 'top-level', inJsonSchema: false, summary: 'The `temperature` strategy without a `temperature`.' },
  'unimax-needs-budget': { severity: 'error', stage: 'top-level', inJsonSchema: false, summary: '`unimax` without a budget S or without `max_epochs`.' },
  'manual-missing-rate': { severity: 'error', stage: 'top-level', inJsonSchema: false, summary: 'With `manual`, a task without `rate` while there is no `default_rate`.' },
  'rate-with-unimax': { severity: 'error', stage: 'top-level', inJsonSchema: false, summary: 'A task `rate` under `unimax`, which computes every rate itself.' },
  'duplicate-task-name': { severity: 'error', stage: 'tasks', inJsonSchema: false, summary: 'Two tasks of one file with the same name.' },
  'duplicate-prefix': { severity: 'error', stage: 'tasks', inJsonSchema: false, summary: 'Two different tasks with the same prefix: T5 cannot tell them apart.' },
  'prefix-shadowed': { severity: 'warning', stage: 'tasks', inJsonSchema: false, summary: "One task's prefix is a strict prefix of another's." },
  'results-unknown-task': { severity: 'error', stage: 'tasks', inJsonSchema: false, summary: '`results` names a task the mixture does not have (with "did you mean").' },
  'task-definition-conflict': { severity: 'error', stage: 'tasks', inJsonSchema: false, summary: 'One task name reached along several paths with different `prefix`, `examples` or `data`.' },
  'data-file-missing': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'The `data` or `eval` file does not exist.' },
  'data-file-not-here': { severity: 'warning', stage: 'data', inJsonSchema: false, summary: 'The `data` file does not exist on this machine, but the rates do not need its size (the task has `examples`, or the strategy is manual or uniform).' },
  'data-file-unreadable': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'The `data` or `eval` file exists but cannot be read (permissions, unknown format).' },
  'data-malformed': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'The data file has a record that does not parse (with its line).' },
  'data-warning': { severity: 'warning', stage: 'data', inJsonSchema: false, summary: 'The data file was counted, with a caveat: a record too large to show, a ragged row, JSON Lines in a .json file.' },
  'data-fields-missing': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'The input or target field is absent from the first records of the data.' },
  'examples-mismatch': { severity: 'warning', stage: 'data', inJsonSchema: false, summary: '`examples` differs from the number of records counted in `data`.' },
  'examples-unknown': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'A task whose size is unknown: no `examples`, and no `data` that could be counted.' },
  'tokenizer-unreadable': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'The `tokenizer` (or the `taskmix.tokenizer` setting) names no file, or a file that is not JSON or not a tokenizer.json.' },
  'tokens-unknown': { severity: 'error', stage: 'data', inJsonSchema: false, summary: 'A task without a token count where the mixture needs one (`unit: tokens` or `budget.tokens`): no `tokens`, and no `data` counted with a tokenizer.' },
  'unknown-unit': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: '`sampling.unit` is neither `examples` nor `tokens`.' },
  'include-missing': { severity: 'error', stage: 'include', inJsonSchema: false, summary: 'The included file does not exist or cannot be read.' },
  'include-cycle': { severity: 'error', stage: 'include', inJsonSchema: false, summary: 'An include that leads back to a file on its own path (the chain is in the message).' },
  'include-has-errors': { severity: 'error', stage: 'include', inJsonSchema: false, summary: 'The included file has errors, so its tasks and rates are unknown.' },
  'too-many-epochs': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'A task seen more epochs than `max_epochs` (default 10) over the budget: over-fitting risk.' },
  'diminishing-repeats': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'A task repeated more epochs than the threshold (default 4), past which repeated data is worth much less than new data (Muennighoff et al. 2023).' },
  'starved-task': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'A task drawn fewer times than the threshold (default 1) over the whole budget.' },
  'zero-probability': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'A task with probability 0: it is never sampled.' },
  'all-rates-zero': { severity: 'error', stage: 'rates', inJsonSchema: false, summary: 'Every rate is 0: there is no distribution to sample from.' },
  'unknown-engine': { severity: 'error', stage: 'top-level', inJsonSchema: true, summary: '`engine` names no engine the format knows (with "did you mean").' },
  'engine-zero-weight': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'A task with probability 0 where the engine asserts every weight > 0 (Megatron, NeMo) or never stops (`hf` with all_exhausted).' },
  'engine-source-never-drawn': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'A source the engine draws less than once over the run (Megatron\'s blended index, an `hf` or MosaicML epoch).' },
  'engine-group-weights-sum': { severity: 'warning', stage: 'top-level', inJsonSchema: false, summary: 'With `engine: olmo`, the rates written at one level do not sum to 1, which OLMo-core\'s source mixture refuses.' },
  'engine-needs-epoch-size': { severity: 'warning', stage: 'top-level', inJsonSchema: false, summary: 'With `engine: mosaic`, no budget to write as `epoch_size`: streaming then makes each epoch as long as all streams together.' },
  'engine-run-cut-short': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'With `engine: hf` and interleave_datasets\' default first_exhausted, the interleaved run ends when one source runs out, short of the budget.' },
  'engine-too-many-repeats': { severity: 'warning', stage: 'rates', inJsonSchema: false, summary: 'With `engine: hf` and all_exhausted, a source repeated more than `max_epochs` times before the last source runs out.' },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A diagnostic whose severity comes from the registry, so one code always has one severity. */
export function makeDiagnostic(
  code: DiagnosticCode,
  range: Range,
  message: string,
  extra: { fixes?: Fix[]; related?: RelatedInformation[] } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: DIAGNOSTIC_CODES[code].severity, message, range };
  if (extra.related?.length) d.related = extra.related;
  if (extra.fixes?.length) d.fixes = extra.fixes;
  return d;
}
