// The mixture file format, version 1 (shared/spec/mixture-format.md), as data: every key of every
// section, with its type, constraints and documentation. Change the format here and only here.
import type { KeyDef, SectionDef, SectionName } from './keyDefinition';

export const MIXTURE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_.-]*$';

/** Strategy names as written, with the alias `equal` (= `uniform`). */
export const STRATEGY_NAMES = ['uniform', 'equal', 'proportional', 'temperature', 'sqrt', 'unimax', 'manual'] as const;
export const DEFAULT_STRATEGY = 'proportional';

/** Markdown doc of each strategy value, for hover and completion on `strategy:`. */
export const STRATEGY_DOCS: Record<(typeof STRATEGY_NAMES)[number], string> = {
  uniform:
    'Every top-level entry gets the same raw rate, r = 1, whatever its size: small tasks are seen many times ' +
    'per epoch of the large ones. Ignores `temperature`, `cap` and `scale`.',
  equal: 'Alias of `uniform`: every top-level entry gets the raw rate r = 1.',
  proportional:
    "Examples-proportional mixing (seqio's `mixing_rate_num_examples`, the default): r = min(n × scale, K), where n is " +
    'the number of training examples and K the optional `cap`. Large tasks dominate unless capped.',
  temperature:
    'Temperature-scaled mixing: r = min(n × scale, K)^(1/T) with T = `temperature` (required, > 0). T = 1 is ' +
    'proportional; larger T moves towards uniform (T5 and mT5 used T between 2 and 3.33).',
  sqrt: 'Square-root mixing: r = min(n × scale, K)^(1/2), the same as `temperature` with T = 2.',
  unimax:
    'UniMax (Chung et al., 2023): spread the budget S as evenly as possible, walking tasks from the smallest, ' +
    'but never more than N = `budget.max_epochs` epochs of any task. Needs `budget` (S) and `max_epochs`; a ' +
    "task's own `rate` is an error here.",
  manual:
    "Hand-set rates: each task's raw rate is its `rate`, or `sampling.default_rate` when it has none. " +
    'Ignores `temperature` and `cap`.',
};

/** The sizes a strategy can read (`sampling.unit`), with what each means, for hover and completion on `unit:`. */
export const UNIT_NAMES = ['examples', 'tokens'] as const;
export const UNIT_DOCS: Record<(typeof UNIT_NAMES)[number], string> = {
  examples:
    "The default: n is each task's number of examples, and the strategy's p is the probability of drawing an example " +
    "from the task (seqio's rates). Its share of the training tokens follows from the tasks' mean tokens per example.",
  tokens:
    "n is each task's training tokens (`tokens`, or counted from `data` with the `tokenizer`), the cap K and UniMax's " +
    "budget and N count tokens, and the strategy's p is the task's share of the training tokens. The probability of " +
    'drawing an example follows: (share / mean) normalized, with mean = tokens / examples.',
};

/** The trainers a mixture may name (spec 1.1, `engine:`), with what each does with the weights, for hover and completion. */
export const ENGINE_NAMES = ['megatron', 'nemo', 'olmo', 'mosaic', 'hf', 'llamafactory', 'seqio'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
export const ENGINE_DOCS: Record<EngineName, string> = {
  megatron:
    "Megatron-LM's blend: weights are normalized and each next sample comes from the dataset whose drawn count lags " +
    'its weight the most (`build_blending_indices`), so the counts are deterministic. Every weight must be > 0.',
  nemo: "NeMo's `data_prefix` blend, built by Megatron-core's blended dataset: the same counts as `megatron`.",
  olmo:
    "OLMo-core's source mixture: each source's `target_ratio` (summing to 1 per group) of the requested tokens must fit " +
    'in its tokens times `max_repetition_ratio`.',
  mosaic:
    "MosaicML streaming: each stream's `proportion` of `epoch_size` samples per epoch (without `epoch_size`, an epoch " +
    'is as long as all streams together).',
  hf:
    "Hugging Face `datasets.interleave_datasets(probabilities=...)`: seeded draws; `first_exhausted` (the library's " +
    'default) stops when the first source runs out, `all_exhausted` repeats the others until the last one does.',
  llamafactory:
    "LLaMA-Factory's `interleave_probs`, handed to `interleave_datasets` (`interleave_under`: first_exhausted, " +
    '`interleave_over`: all_exhausted): the same draws as `hf`.',
  seqio: "seqio's `Mixture`: the rates TaskMix computes are seqio's own; each example is drawn with its task's rate.",
};

/** Strategies that read each sampling setting; a setting outside its list is ignored (a warning). */
export const SETTING_USED_BY: Record<'temperature' | 'cap' | 'default_rate', readonly string[]> = {
  temperature: ['temperature'],
  cap: ['proportional', 'temperature', 'sqrt'],
  default_rate: ['manual'],
};

/** Metric names of the spec, with what each computes. */
export const METRIC_DOCS: Record<string, string> = {
  accuracy: 'Fraction of predictions equal to the target.',
  exact_match: 'Fraction of predictions equal to a reference after SQuAD normalization (lower case, no punctuation or articles).',
  f1: 'Token-level F1 between prediction and the best reference, as in SQuAD.',
  matthews_corr: "Matthews correlation coefficient (GLUE's metric for CoLA).",
  pearson: 'Pearson correlation between predicted and target numbers (STS-B).',
  spearman: 'Spearman rank correlation between predicted and target numbers (STS-B).',
  bleu: 'Corpus BLEU with sacreBLEU defaults.',
  rouge1: 'ROUGE-1 F-measure (rouge-score defaults, stemming off unless asked).',
  rouge2: 'ROUGE-2 F-measure (rouge-score defaults, stemming off unless asked).',
  rougeL: 'ROUGE-L F-measure (rouge-score defaults, stemming off unless asked).',
};
export const METRIC_NAMES: readonly string[] = Object.keys(METRIC_DOCS);

/** Names other tools use for a task's share; TaskMix reads `rate`. */
export const FOREIGN_WEIGHT_KEYS = ['weight', 'probability', 'proportion'] as const;

const foreignWeightKeys: KeyDef[] = FOREIGN_WEIGHT_KEYS.map((key) => ({
  key,
  value: { kind: 'foreign', replacement: 'rate' },
  doc:
    `\`${key}\` is not a TaskMix key: it is what other tools call a task's share. TaskMix reads \`rate\`, a raw ` +
    'rate that is normalized with its siblings.',
}));

const nonNegative = { value: 0, exclusive: false };
const positive = { value: 0, exclusive: true };

const top: SectionDef = {
  name: 'top',
  label: 'the top level',
  keys: [
    {
      key: 'mixture',
      required: true,
      value: { kind: 'string', pattern: MIXTURE_NAME_PATTERN, patternHint: 'a letter or `_`, then letters, digits, `_`, `.` or `-`' },
      doc: 'The name of the mixture, as it would be registered in seqio: a letter or `_`, then letters, digits, `_`, `.` or `-`.',
    },
    { key: 'description', value: { kind: 'string' }, doc: 'Free text saying what the mixture is for.' },
    {
      key: 'engine',
      value: { kind: 'string' },
      allowed: ENGINE_NAMES,
      allowedDocs: ENGINE_DOCS,
      doc:
        'The trainer that will read the mixture: `megatron`, `nemo`, `olmo`, `mosaic`, `hf`, `llamafactory` or `seqio`. ' +
        "Hover, inlay hints and the Balance Preview then also show what that engine draws, `taskmix simulate` prints it, " +
        "and the engine's hazards are diagnosed (a zero weight where it asserts > 0, a source it never draws, ...).",
    },
    {
      key: 'tokenizer',
      value: { kind: 'string' },
      doc:
        'A `tokenizer.json`, or a folder holding one (a model folder works), relative to this file; read with ' +
        "`@huggingface/tokenizers`. With it, a task's `tokens` are counted from its `data` when not written: per " +
        'record, the tokens of `prefix + " " + input` plus those of `target`, each as the tokenizer encodes them ' +
        "(its post-processor included, e.g. T5's `</s>`). Without it, the `taskmix.tokenizer` setting is used.",
    },
    {
      key: 'sampling',
      value: { kind: 'section', section: 'sampling', nullable: true },
      doc: 'How tasks are sampled: the `strategy` and its settings. Without it, the strategy is `proportional` with no cap.',
    },
    {
      key: 'budget',
      value: { kind: 'section', section: 'budget', nullable: true },
      doc:
        'The training run the mixture feeds: the number of examples drawn S (`steps` × `batch_size`, or `examples`), or ' +
        'the tokens drawn (`tokens`), and ' +
        '`max_epochs`. With it, the server shows how many epochs of each task the run makes.',
    },
    {
      key: 'tasks',
      required: true,
      value: { kind: 'entries' },
      doc: 'The tasks of the mixture (at least one): items with `name` and `prefix`, or `include` items that pull in another mixture file.',
    },
    {
      key: 'results',
      value: { kind: 'section', section: 'results', nullable: true },
      doc: 'Measured scores (single-task, multi-task and pairwise) for the transfer analysis.',
    },
  ],
};

const sampling: SectionDef = {
  name: 'sampling',
  label: '`sampling`',
  keys: [
    {
      key: 'strategy',
      value: { kind: 'string' },
      allowed: STRATEGY_NAMES,
      doc:
        'How raw rates are computed: `uniform` (alias `equal`), `proportional` (default), `temperature`, `sqrt`, ' +
        '`unimax` or `manual`. Each task gets p = r / sum(r).',
    },
    {
      key: 'temperature',
      value: { kind: 'number', minimum: positive },
      doc: 'T > 0, required by the `temperature` strategy: r = min(n × scale, K)^(1/T). T = 1 is proportional; larger is flatter.',
    },
    {
      key: 'cap',
      value: { kind: 'number', minimum: nonNegative },
      doc:
        "K, the examples-proportional limit (seqio's `maximum`): a task counts as at most K examples (K tokens with " +
        '`unit: tokens`). 0 or absent means no cap. Used by `proportional`, `temperature` and `sqrt`.',
    },
    {
      key: 'unit',
      value: { kind: 'string' },
      allowed: UNIT_NAMES,
      allowedDocs: UNIT_DOCS,
      doc:
        'The size every strategy reads: `examples` (default) or `tokens`. With `tokens`, n is the task\'s training ' +
        "tokens (the cap K and UniMax's budget and N too), the strategy decides each task's share of the training " +
        "tokens, and the probability of drawing an example follows from the tasks' mean tokens per example. " +
        'Epochs are the same in either unit: drawn / available.',
    },
    {
      key: 'default_rate',
      value: { kind: 'number', minimum: nonNegative },
      doc: 'With the `manual` strategy: the raw rate of a task that has no `rate` of its own.',
    },
  ],
};

const budget: SectionDef = {
  name: 'budget',
  label: '`budget`',
  keys: [
    {
      key: 'steps',
      value: { kind: 'number', integer: true, minimum: positive },
      doc: 'Training steps; with `batch_size` it gives the examples drawn, S = steps × batch_size.',
    },
    {
      key: 'batch_size',
      value: { kind: 'number', integer: true, minimum: positive },
      doc: 'Examples per step; with `steps` it gives the examples drawn, S = steps × batch_size.',
    },
    {
      key: 'examples',
      value: { kind: 'number', integer: true, minimum: positive },
      doc: 'The examples drawn S, given directly (instead of `steps` and `batch_size`, not with them).',
    },
    {
      key: 'tokens',
      value: { kind: 'number', integer: true, minimum: positive },
      doc:
        'The training tokens drawn, instead of `steps` × `batch_size` or `examples` (not with them). The examples ' +
        "drawn follow from the rates: S = tokens / sum of p × mean tokens per example. Needs every task's tokens.",
    },
    {
      key: 'max_epochs',
      value: { kind: 'number', minimum: positive },
      doc:
        "With `unimax`: N, the most epochs of any task (in the strategy's `unit`). With other strategies: the warning " +
        "threshold for a task's epochs (over-fitting risk); default 10.",
    },
  ],
};

const task: SectionDef = {
  name: 'task',
  label: 'a task item',
  keys: [
    { key: 'name', required: true, value: { kind: 'string' }, doc: 'The task name, unique in this file. The same name in an included file is the same task.' },
    {
      key: 'prefix',
      required: true,
      value: { kind: 'string' },
      doc:
        'The T5 task prefix put before every input (e.g. `"cola sentence:"`). It is how one model tells tasks apart, ' +
        "so it must differ between tasks and should end with ':'.",
    },
    {
      key: 'examples',
      value: { kind: 'number', integer: true, minimum: nonNegative },
      doc: 'n, the number of training examples (integer ≥ 0). Without it, n is counted from `data`.',
    },
    {
      key: 'tokens',
      value: { kind: 'number', integer: true, minimum: nonNegative },
      doc:
        "The task's training tokens (integer ≥ 0). Without it, they are counted from `data` with the mixture's " +
        '`tokenizer`: per record, the tokens of `prefix + " " + input` plus those of `target`, each as the tokenizer ' +
        "encodes them (post-processor included, e.g. T5's `</s>`). Read by `unit: tokens` and `budget.tokens`; shown " +
        "as the task's share of the training tokens.",
    },
    {
      key: 'data',
      value: { kind: 'string' },
      doc: 'The training data, relative to this file: `.jsonl`, `.json`, `.tsv`, `.csv` or `.parquet`.',
    },
    {
      key: 'fields',
      value: { kind: 'section', section: 'fields', nullable: false },
      doc:
        'Which record key (a dotted path reaches into nested objects) or CSV/TSV column holds the input and the ' +
        'target. Default `{input: input, target: target}`.',
    },
    { key: 'eval', value: { kind: 'string' }, doc: 'The evaluation split, relative to this file, in the same formats as `data`.' },
    {
      key: 'metrics',
      value: { kind: 'stringList', allowed: METRIC_NAMES },
      doc: `Metrics to score the task with: ${METRIC_NAMES.map((m) => `\`${m}\``).join(', ')}.`,
    },
    {
      key: 'scale',
      value: { kind: 'number', minimum: positive },
      doc: "seqio's scale (> 0): n × scale is used in place of n, before the cap. Up-samples (> 1) or down-samples (< 1) a task.",
    },
    {
      key: 'rate',
      value: { kind: 'number', minimum: nonNegative },
      doc:
        "A fixed raw rate (≥ 0). With `manual`: the task's rate. With other strategies: replaces the computed raw rate " +
        "(as t5's `rate_unsupervised`). An error with `unimax`.",
    },
    { key: 'tags', value: { kind: 'stringList' }, doc: 'Free labels for grouping tasks in the views.' },
    ...foreignWeightKeys,
  ],
};

const include: SectionDef = {
  name: 'include',
  label: 'an include item',
  keys: [
    {
      key: 'include',
      required: true,
      value: { kind: 'string' },
      doc: 'Another mixture file, relative to this one, whose tasks join this mixture as one sub-mixture.',
    },
    {
      key: 'rate',
      value: { kind: 'number', minimum: nonNegative },
      doc:
        "The sub-mixture's raw rate among its siblings. Without it, the sub-mixture counts as one task whose n is the " +
        'sum of its tasks\' n.',
    },
    ...foreignWeightKeys,
  ],
};

const fields: SectionDef = {
  name: 'fields',
  label: '`fields`',
  keys: [
    { key: 'input', value: { kind: 'string' }, doc: 'The record key (dotted path) or column holding the input text. Default `input`.' },
    {
      key: 'target',
      value: { kind: 'string' },
      doc: 'The record key (dotted path) or column holding the target; a list of strings is a set of references. Default `target`.',
    },
  ],
};

const results: SectionDef = {
  name: 'results',
  label: '`results`',
  keys: [
    { key: 'metric', value: { kind: 'string' }, doc: 'What the scores are (e.g. `accuracy`).' },
    { key: 'higher_is_better', value: { kind: 'boolean' }, doc: 'Whether a higher score is better (default true); flips the sign of transfer.' },
    { key: 'single_task', value: { kind: 'scoreMap' }, doc: 'task -> score of the task trained alone.' },
    { key: 'multi_task', value: { kind: 'scoreMap' }, doc: 'task -> score of the task trained on this mixture.' },
    {
      key: 'pairwise',
      value: { kind: 'pairwiseMap' },
      doc: 'target -> source -> score of the target trained on {target, source}; transfer(t, s) is relative to `single_task[t]`.',
    },
  ],
};

export const SECTIONS: Record<SectionName, SectionDef> = { top, sampling, budget, task, include, fields, results };

/** The definition of `key` in `section`, if the format has it. */
export function keyDef(section: SectionName, key: string): KeyDef | undefined {
  return SECTIONS[section].keys.find((k) => k.key === key);
}

/** Keys a user may write in `section` (foreign keys excluded: they are accepted, not suggested). */
export function validKeys(section: SectionName): string[] {
  return SECTIONS[section].keys.filter((k) => k.value.kind !== 'foreign').map((k) => k.key);
}
