// The T5 Playground's messages, one discriminated union per direction, with runtime checks on what arrives (a
// webview message is untyped JSON at run time). The view sends `ready` first; the host sends nothing before.

// Type-only: nothing of the server is bundled into the view.
import type { EvaluateReport, FormattedRecord } from './lsp';

export type DeviceSetting = 'auto' | 'wasm' | 'webgpu';
export type ModelPrecision = 'fp32' | 'q8';
export type ExampleSplit = 'train' | 'eval';

/** One leaf task of the active mixture, as the server's `taskmix/tasks` lists it. */
export interface PlaygroundTask {
  name: string;
  prefix: string;
  examples: number | null;
  hasData: boolean;
  hasEval: boolean;
  metrics: string[];
}

/** onnxruntime-web files as webview URIs: the page fetches them and hands the worker bytes and blob: URLs. */
export interface OrtFiles {
  /** The Emscripten glue (`.mjs`). */
  glueUri: string;
  /** The `.wasm` binary. */
  binaryUri: string;
}

export interface RuntimeAssets {
  workerUri: string;
  wasm: OrtFiles;
  /** The WebGPU (asyncify) build; null when the extension does not ship it. */
  webgpu: OrtFiles | null;
}

export type ModelStatus =
  | { kind: 'resolving'; label: string }
  | {
      kind: 'ready';
      label: string;
      source: 'local' | 'hub';
      precision: ModelPrecision;
      /** Webview URI of the model folder, ending in '/'. */
      baseUri: string;
      /** Paths inside the folder to load (config, tokenizer, onnx). */
      files: string[];
      notes: string[];
    }
  | { kind: 'notDownloaded'; label: string; bytes: number | null }
  | { kind: 'downloading'; label: string; received: number; total: number }
  | { kind: 'offline'; label: string; message: string }
  | { kind: 'error'; label: string; message: string };

export interface PlaygroundState {
  mixture: { uri: string; fileName: string; name: string | null } | null;
  tasks: PlaygroundTask[];
  tasksError: string | null;
  /** The task to select (after "Try in playground"); null leaves the view's own choice. */
  selectedTask: string | null;
  device: DeviceSetting;
  model: ModelStatus;
  assets: RuntimeAssets;
}

/** A record as T5 sees it (the server's `taskmix/examples`). */
export type ExampleRecord = FormattedRecord;

/** The server's score of an evaluation (`taskmix/evaluate`): the same numbers as `taskmix eval --json`. */
export type EvaluationReport = EvaluateReport;

export type ResultsBlock = 'single_task' | 'multi_task';

/** Host -> view. */
export type ToPlaygroundView =
  | { type: 'state'; state: PlaygroundState }
  | { type: 'model'; model: ModelStatus }
  | { type: 'examples'; requestId: number; task: string; split: ExampleSplit; file: string | null; examples: ExampleRecord[]; error?: string }
  | { type: 'selectTask'; name: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  /** "Evaluate task" from the code lens: select the task and evaluate it. */
  | { type: 'startEvaluation'; task: string }
  | { type: 'evaluation'; requestId: number; report: EvaluationReport | null; error?: string }
  | { type: 'resultsWritten'; requestId: number; ok: boolean; message: string };

/** View -> host. */
export type FromPlaygroundView =
  | { type: 'ready' }
  | { type: 'selectTask'; name: string | null }
  | { type: 'requestExamples'; requestId: number; task: string; split: ExampleSplit; count: number }
  | { type: 'downloadModel' }
  | { type: 'openSettings'; setting: string }
  | { type: 'log'; level: 'info' | 'error'; message: string }
  /** The model's outputs for the task's first eval records, in order, to be scored by the server. */
  | { type: 'evaluate'; requestId: number; task: string; predictions: { line: number; prediction: string }[] }
  | { type: 'writeResults'; requestId: number; task: string; block: ResultsBlock; metric: string; value: number };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isSplit = (x: unknown): x is ExampleSplit => x === 'train' || x === 'eval';

/** The message if `x` is a well-formed view -> host message, else undefined (never throws). */
export function parseFromPlaygroundView(x: unknown): FromPlaygroundView | undefined {
  if (!isRecord(x) || !isString(x.type)) return undefined;
  switch (x.type) {
    case 'ready':
    case 'downloadModel':
      return { type: x.type };
    case 'selectTask':
      return x.name === null || isString(x.name) ? { type: 'selectTask', name: x.name } : undefined;
    case 'requestExamples':
      return Number.isSafeInteger(x.requestId) && isString(x.task) && isSplit(x.split) && Number.isSafeInteger(x.count) && (x.count as number) >= 1
        ? { type: 'requestExamples', requestId: x.requestId as number, task: x.task, split: x.split, count: Math.min(100, x.count as number) }
        : undefined;
    case 'openSettings':
      return isString(x.setting) && x.setting.startsWith('taskmix.playground.') ? { type: 'openSettings', setting: x.setting } : undefined;
    case 'log':
      return (x.level === 'info' || x.level === 'error') && isString(x.message) ? { type: 'log', level: x.level, message: x.message.slice(0, 4000) } : undefined;
    case 'evaluate': {
      const p = x.predictions;
      const ok = Number.isSafeInteger(x.requestId) && isString(x.task) && Array.isArray(p) && p.length >= 1 && p.length <= 100
        && p.every((e) => isRecord(e) && Number.isSafeInteger(e.line) && isString(e.prediction));
      return ok ? { type: 'evaluate', requestId: x.requestId as number, task: x.task as string, predictions: (p as { line: number; prediction: string }[]).map((e) => ({ line: e.line, prediction: e.prediction })) } : undefined;
    }
    case 'writeResults':
      return Number.isSafeInteger(x.requestId) && isString(x.task) && (x.block === 'single_task' || x.block === 'multi_task') && isString(x.metric)
        && typeof x.value === 'number' && Number.isFinite(x.value)
        ? { type: 'writeResults', requestId: x.requestId as number, task: x.task, block: x.block, metric: x.metric, value: x.value }
        : undefined;
    default:
      return undefined;
  }
}

function isModelStatus(m: unknown): m is ModelStatus {
  if (!isRecord(m) || !isString(m.label)) return false;
  switch (m.kind) {
    case 'resolving':
      return true;
    case 'ready':
      return (m.source === 'local' || m.source === 'hub') && (m.precision === 'fp32' || m.precision === 'q8') && isString(m.baseUri)
        && Array.isArray(m.files) && m.files.every(isString) && Array.isArray(m.notes) && m.notes.every(isString);
    case 'notDownloaded':
      return m.bytes === null || typeof m.bytes === 'number';
    case 'downloading':
      return typeof m.received === 'number' && typeof m.total === 'number';
    case 'offline':
    case 'error':
      return isString(m.message);
    default:
      return false;
  }
}

const isOrtFiles = (x: unknown): x is OrtFiles => isRecord(x) && isString(x.glueUri) && isString(x.binaryUri);

/** The message if `x` is a well-formed host -> view message, else undefined. */
export function parseToPlaygroundView(x: unknown): ToPlaygroundView | undefined {
  if (!isRecord(x) || !isString(x.type)) return undefined;
  switch (x.type) {
    case 'state': {
      const s = x.state;
      if (!isRecord(s) || !Array.isArray(s.tasks) || !isModelStatus(s.model)) return undefined;
      if (!(s.device === 'auto' || s.device === 'wasm' || s.device === 'webgpu')) return undefined;
      if (!isRecord(s.assets) || !isString(s.assets.workerUri) || !isOrtFiles(s.assets.wasm) || !(s.assets.webgpu === null || isOrtFiles(s.assets.webgpu))) return undefined;
      if (!s.tasks.every((t) => isRecord(t) && isString(t.name) && isString(t.prefix))) return undefined;
      return x as ToPlaygroundView;
    }
    case 'model':
      return isModelStatus(x.model) ? (x as ToPlaygroundView) : undefined;
    case 'examples':
      return Number.isSafeInteger(x.requestId) && isString(x.task) && isSplit(x.split) && Array.isArray(x.examples) ? (x as ToPlaygroundView) : undefined;
    case 'selectTask':
      return isString(x.name) ? (x as ToPlaygroundView) : undefined;
    case 'notice':
      return (x.level === 'info' || x.level === 'error') && isString(x.message) ? (x as ToPlaygroundView) : undefined;
    case 'startEvaluation':
      return isString(x.task) ? (x as ToPlaygroundView) : undefined;
    case 'evaluation': {
      const r = x.report;
      const report = r === null || (isRecord(r) && Array.isArray(r.metricNames) && isRecord(r.metrics) && Array.isArray(r.examples) && isRecord(r.results));
      return Number.isSafeInteger(x.requestId) && report && (x.error === undefined || isString(x.error)) ? (x as ToPlaygroundView) : undefined;
    }
    case 'resultsWritten':
      return Number.isSafeInteger(x.requestId) && typeof x.ok === 'boolean' && isString(x.message) ? (x as ToPlaygroundView) : undefined;
    default:
      return undefined;
  }
}
