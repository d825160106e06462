// Every custom message between the TaskMix client (and views) and the server, typed once here.
// Each one is a namespace holding its method name and its typed message, as vscode-eslint declares its own.
import { NotificationType, RequestType, RequestType0, type Range, type TextEdit } from 'vscode-languageserver-protocol';

export type { RateOverrides, RatesResult, StrategyComparison, SamplingSimulation, TransferResult } from '../server/src/core/rates';
import type { RateOverrides, RatesResult, StrategyComparison, SamplingSimulation, TransferResult } from '../server/src/core/rates';
import type { WhatIfRatesPacked } from './whatIf';

export interface RatesParams {
  uri: string;
  /** What-ifs on the root's strategy (as `taskmix rates --strategy/--temperature/--cap`). */
  overrides?: RateOverrides;
}
export interface RatesResponse {
  uri: string;
  /** Document version the rates belong to (null for a file that is not open). */
  version: number | null;
  /** True when the file has errors now and `rates` are the last valid ones. */
  stale: boolean;
  /** Exactly what `taskmix rates --json` prints; null when the file never had valid rates. */
  rates: RatesResult | null;
  errors: number;
  warnings: number;
}
export namespace RatesRequest {
  export const method = 'taskmix/rates' as const;
  export const type = new RequestType<RatesParams, RatesResponse, void>(method);
}

/** The mixture under the common strategies side by side: what `taskmix compare --json` prints. */
export interface CompareParams {
  uri: string;
}
export interface CompareResponse {
  uri: string;
  /** Null while the file has errors. */
  comparison: StrategyComparison | null;
}
export namespace CompareRequest {
  export const method = 'taskmix/compare' as const;
  export const type = new RequestType<CompareParams, CompareResponse, void>(method);
}

/** The leaf tasks of a mixture, for the playground. Paths are absolute. */
export interface TasksParams {
  uri: string;
}
export interface TaskInfo {
  name: string;
  prefix: string;
  examples: number | null;
  data: string | null;
  eval: string | null;
  fields: { input: string; target: string };
  metrics: string[];
  /** Where the task's `name` value is written in the requested file (what "reveal task" selects); null for a task
   *  that comes from an included file or has no name written. */
  nameRange: Range | null;
}
export interface TasksResponse {
  uri: string;
  mixture: string | null;
  tasks: TaskInfo[];
}
export namespace TasksRequest {
  export const method = 'taskmix/tasks' as const;
  export const type = new RequestType<TasksParams, TasksResponse, void>(method);
}

/** A simulated training run (`taskmix sample --json`): how often each task is drawn at each checkpoint. */
export interface SampleParams {
  uri: string;
  steps: number;
  /** Default: the file's budget.batch_size, else 1. */
  batchSize?: number;
  seed?: number;
  points?: number;
  epochThreshold?: number;
}
export interface SampleResponse {
  uri: string;
  /** Null while the file has errors (then `error` says why) or when the options are invalid. */
  simulation: SamplingSimulation | null;
  error?: string;
}
export namespace SampleRequest {
  export const method = 'taskmix/sample' as const;
  export const type = new RequestType<SampleParams, SampleResponse, void>(method);
}

/** The first records of one task's data (or eval) file, formatted as T5 sees them. */
export interface ExamplesParams {
  uri: string;
  task: string;
  /** How many records, from the start of the file; default 3, at most 100. */
  count?: number;
  split?: 'train' | 'eval';
}
export interface FormattedRecord {
  /** 1-based line (row for parquet). */
  line: number;
  /** The task prefix, a space, then the input field. */
  input?: string;
  /** The target, or the references when the target is a list. */
  target?: string | string[];
  /** Why this record cannot be formatted. */
  error?: string;
}
export interface ExamplesResponse {
  task: string;
  file: string | null;
  examples: FormattedRecord[];
  /** Why no records could be read. */
  error?: string;
}
export namespace ExamplesRequest {
  export const method = 'taskmix/examples' as const;
  export const type = new RequestType<ExamplesParams, ExamplesResponse, void>(method);
}

/** Exports a mixture to another tool's format; the client decides where to write the text. */
export interface ExportParams {
  uri: string;
  format: string;
}
export interface ExportResponse {
  format: string;
  text: string;
  /** File name suggested for the export, e.g. `glue_t5.py`. */
  suggestedName: string;
}
export namespace ExportRequest {
  export const method = 'taskmix/export' as const;
  export const type = new RequestType<ExportParams, ExportResponse, void>(method);
}

/** Reads a training engine's mixture file (Megatron, NeMo, OLMo, MosaicML, Hugging Face, LLaMA-Factory, seqio) as
 *  mixture text (`taskmix import`); "Open as Mixture" shows it as an untitled document. */
export interface ImportMixtureParams {
  uri: string;
  /** The file's text as an editor shows it (unsaved changes included); read from disk when absent. */
  text?: string;
  /** The engine format (`taskmix import --from`); detected when absent. */
  from?: string;
  /** Which of several registrations of a Python file. */
  mixture?: string;
}
export interface ImportMixtureResponse {
  /** The mixture's text; null when the file cannot be imported (`error`) or a registration must be chosen (`choices`). */
  text: string | null;
  format: string | null;
  /** A suggested file name, e.g. `flan2022_submix.mixture.yaml`. */
  suggestedName: string | null;
  /** Sub-mixtures that need sizes, written as included files: `taskmix import --out` writes them beside the mixture. */
  companions: { fileName: string; text: string }[];
  /** The registrations to choose from (send one back as `mixture`). */
  choices?: string[];
  /** Why the file cannot be imported, and where (in `uri`: the file itself or one it names). */
  error?: { message: string; uri: string; range: Range };
  /** What the import could not carry exactly, or did not need. */
  notes: { severity: 'warning' | 'info'; message: string; uri: string; range: Range }[];
}
export namespace ImportMixtureRequest {
  export const method = 'taskmix/importMixture' as const;
  export const type = new RequestType<ImportMixtureParams, ImportMixtureResponse, void>(method);
}

/** The export formats the server knows. */
export interface ExportFormat {
  id: string;
  label: string;
  extension: string;
}
export namespace ExportFormatsRequest {
  export const method = 'taskmix/exportFormats' as const;
  export const type = new RequestType0<ExportFormat[], void>(method);
}

/** Checks every mixture file under the given folders and publishes diagnostics for each. */
export interface CheckAllParams {
  /** Absolute file paths of the mixture files to check (the client finds them). */
  files: string[];
}
export interface CheckAllResponse {
  files: { uri: string; errors: number; warnings: number }[];
}
export namespace CheckAllRequest {
  export const method = 'taskmix/checkAll' as const;
  export const type = new RequestType<CheckAllParams, CheckAllResponse, void>(method);
}

/** A one-line summary of a mixture, for the status bar and the `tasks:` code lens. */
export interface MixtureSummary {
  tasks: number;
  normalizedEntropy: number | null;
  effectiveTasks: number | null;
  errors: number;
  warnings: number;
}

/** Sent whenever an open mixture's rates (or its error state) change, so that open views update. */
export interface RatesChangedParams {
  uri: string;
  version: number | null;
  stale: boolean;
  summary: MixtureSummary;
  /** As `BalanceResponse.analysisVersion`: unchanged when only the diagnostics (or their counts) changed. */
  analysisVersion: number;
}
export namespace RatesChangedNotification {
  export const method = 'taskmix/ratesChanged' as const;
  export const type = new NotificationType<RatesChangedParams>(method);
}

/** Options the client passes at start-up (`initializationOptions`). */
export interface TaskmixInitializationOptions {
  /** Commands the client has registered; lenses that run other commands are not offered. */
  commands?: string[];
}


/** The file's own sampling, as the Balance Preview shows it. */
export interface FileSampling {
  strategy: string;
  temperature: number | null;
  cap: number | null;
  /** The epoch threshold (budget.max_epochs, default 10). */
  maxEpochs: number;
}

/** Everything the Balance Preview shows for a mixture, in one answer. */
export interface BalanceParams {
  uri: string;
}
export interface BalanceResponse {
  uri: string;
  version: number | null;
  /** True when the file has errors now and these are the numbers of its last valid version. */
  stale: boolean;
  /** The mixture under the common strategies; null when the file never had valid rates. */
  comparison: StrategyComparison | null;
  sampling: FileSampling;
  /** Null when the file has no `results`. */
  transfer: TransferResult | null;
  /**
   * Changes whenever any number of this answer (or a what-if's) may have changed: the rate tree, the budget, stale
   * or not, `results`, the settings. Not when only the diagnostics did, so a view refreshes only then.
   */
  analysisVersion: number;
}
export namespace BalanceRequest {
  export const method = 'taskmix/balance' as const;
  export const type = new RequestType<BalanceParams, BalanceResponse, void>(method);
}

/** The rates under a what-if root strategy (the preview's temperature slider), packed (contracts/whatIf.ts); null
 *  while the file has errors. */
export interface WhatIfRatesParams {
  uri: string;
  overrides: RateOverrides;
  /** The `tasksKey` of the task list the asker holds: the answer leaves the list out while it is the same. */
  tasksKey?: string;
}
export namespace WhatIfRatesRequest {
  export const method = 'taskmix/whatIfRates' as const;
  export const type = new RequestType<WhatIfRatesParams, WhatIfRatesPacked | null, void>(method);
}

/** The seeded sampling simulation over the file's own budget; null without a budget or while it has errors. */
export interface TrainingDynamicsParams {
  uri: string;
  seed?: number;
  /** Checkpoints along the run (default 64). */
  points?: number;
}
export namespace TrainingDynamicsRequest {
  export const method = 'taskmix/trainingDynamics' as const;
  export const type = new RequestType<TrainingDynamicsParams, SamplingSimulation | null, void>(method);
}


/** The model's predictions for the first records of a task's eval split, to score as `taskmix eval` does. */
export interface EvaluateParams {
  uri: string;
  task: string;
  /** One per eval record from the first, in file order; `line` is the record's (checked against the file). */
  predictions: { line: number; prediction: string }[];
  rougeStemmer?: boolean;
}
export interface EvaluatedExample {
  line: number;
  references: string[];
  prediction: string;
  /** The per-example value of each metric that averages over examples (accuracy, exact_match, f1, rouge*) and
   *  the sentence-level BLEU; null for corpus-only metrics (matthews_corr, pearson, spearman). */
  scores: Record<string, number | null>;
}
export interface EvaluateReport {
  task: string;
  file: string;
  n: number;
  metricNames: string[];
  /** Exactly what `taskmix eval --json` prints in `metrics` for the same predictions. */
  metrics: Record<string, number | null>;
  signatures: { bleu?: string };
  notes: string[];
  examples: EvaluatedExample[];
  /** What the file's `results` block holds now, to default the "Write to results" choices. */
  results: { metric: string | null; percent: boolean };
}
export interface EvaluateResponse {
  report: EvaluateReport | null;
  /** Why nothing was scored, with where (the eval file's or nowhere's line). */
  error?: { message: string; file?: string; line?: number };
}
export namespace EvaluateRequest {
  export const method = 'taskmix/evaluate' as const;
  export const type = new RequestType<EvaluateParams, EvaluateResponse, void>(method);
}

/** The text edits that write one score into the mixture's `results` block (created when absent). */
export interface ResultsEditParams {
  uri: string;
  task: string;
  block: 'single_task' | 'multi_task';
  /** The metric the score is; written as `results.metric` when the block has none. */
  metric: string;
  value: number;
}
export interface ResultsEditResponse {
  /** The document version the edits are for (null: the file is not open). */
  version: number | null;
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
  /** Set when the edit is questionable (e.g. `results.metric` names another metric); the client asks first. */
  warning?: string;
  /** Set when no edit can be made; `edits` is then empty. */
  error?: string;
  /** Set when the edit replaces a score already in the file with another value: the client asks first, showing both. */
  replaces?: { previous: number; next: number };
}
export namespace ResultsEditRequest {
  export const method = 'taskmix/resultsEdit' as const;
  export const type = new RequestType<ResultsEditParams, ResultsEditResponse, void>(method);
}

/** The text edits that make the file's own sampling `strategy: temperature` with this T and K (the Balance Preview's
 *  "Apply to file"); `sampling` is created when absent, `cap` removed when null. */
export interface SamplingEditParams {
  uri: string;
  temperature: number;
  /** Null: no cap. */
  cap: number | null;
}
export interface SamplingEditResponse {
  /** The document version the edits are for; the client applies them only to that version. */
  version: number;
  /** Empty when the file already says so (or with `error`). */
  edits: TextEdit[];
  /** Set when no edit can be made (YAML errors, `sampling` not a mapping, T or K out of range). */
  error?: string;
}
export namespace SamplingEditRequest {
  export const method = 'taskmix/samplingEdit' as const;
  export const type = new RequestType<SamplingEditParams, SamplingEditResponse, void>(method);
}
