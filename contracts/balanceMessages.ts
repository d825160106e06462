// The Balance Preview's messages, one discriminated union per direction, with runtime checks on what arrives
// (a webview message is untyped JSON at run time). The view sends `ready` first; the host sends nothing before.
import type {
  DiagnosticsSummary,
  RatesResult,
  StrategyComparison,
  SamplingSimulation,
  TransferResult,
} from './balanceData';
import type { FileSampling } from './lsp';

export type { FileSampling };

export type BalanceTab = 'strategies' | 'temperature' | 'transfer' | 'dynamics';
export const balanceTabs: readonly BalanceTab[] = ['strategies', 'temperature', 'transfer', 'dynamics'];


/** Everything the view shows for one mixture, sent after `ready` and after every change of the file. */
export interface BalanceState {
  uri: string;
  fileName: string;
  /** Null when the file never had valid rates (then the diagnostics explain why). */
  comparison: StrategyComparison | null;
  /** True when the file has errors now and the numbers are from its last valid version. */
  stale: boolean;
  sampling: FileSampling;
  diagnostics: DiagnosticsSummary;
  /** Null when the file has no `results`. */
  transfer: TransferResult | null;
}

/** A task as a what-if answer lists it, without its numbers. */
export type WhatIfTask = Pick<RatesResult['tasks'][number], 'name' | 'via' | 'prefix' | 'examples'>;

/**
 * A what-if answer as the host sends it: each task's numbers as parallel arrays, and the task list itself only when
 * it differs from the one the host sent before (the same tasks, at another temperature, on every slider step). At
 * 1,000 tasks the answer as objects is 167 KB, and VS Code carries it twice per step; see `npm run bench:balance-vscode`.
 */
export interface WhatIfRatesPacked extends Omit<RatesResult, 'tasks'> {
  /** Omitted when the tasks are those of the previous answer. */
  tasks?: WhatIfTask[];
  raw: number[];
  rate: number[];
  epochs: (number | null)[];
}

/**
 * Packs `result` for the view. `previousKey` is the `key` of the host's last answer to this view (none for a new
 * view); the task list goes along only when the new key differs.
 */
export function packWhatIf(result: RatesResult, previousKey: string | undefined): { packed: WhatIfRatesPacked; key: string } {
  const { tasks, ...rest } = result;
  const list: WhatIfTask[] = tasks.map(({ name, via, prefix, examples }) => ({ name, via, prefix, examples }));
  const key = JSON.stringify(list);
  const packed: WhatIfRatesPacked = { ...rest, raw: tasks.map((t) => t.raw), rate: tasks.map((t) => t.rate), epochs: tasks.map((t) => t.epochs) };
  if (key !== previousKey) packed.tasks = list;
  return { packed, key };
}

/** The answer as the core wrote it, from a packed one and the task list the view holds; undefined when they disagree. */
export function unpackWhatIf(packed: WhatIfRatesPacked, known: readonly WhatIfTask[] | undefined): { result: RatesResult; tasks: readonly WhatIfTask[] } | undefined {
  const tasks = packed.tasks ?? known;
  const n = packed.rate.length;
  if (!tasks || tasks.length !== n || packed.raw.length !== n || packed.epochs.length !== n) return undefined;
  const { tasks: _sent, raw, rate, epochs, ...rest } = packed;
  return { result: { ...rest, tasks: tasks.map((t, i) => ({ ...t, raw: raw[i]!, rate: rate[i]!, epochs: epochs[i]! })) }, tasks };
}

/** Host -> view. */
export type ToBalanceView =
  | { type: 'state'; state: BalanceState }
  | { type: 'whatIfRates'; requestId: number; result: WhatIfRatesPacked | null; error?: string }
  | { type: 'dynamics'; uri: string; result: SamplingSimulation | null; error?: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type ExportFormat = 'png' | 'svg' | 'csv';

/** View -> host. */
export type FromBalanceView =
  | { type: 'ready' }
  | { type: 'whatIf'; requestId: number; temperature: number; cap: number | null }
  | { type: 'loadDynamics' }
  | { type: 'revealTask'; name: string }
  | { type: 'revealDiagnostic'; index: number }
  | { type: 'applyTemperature'; temperature: number; cap: number | null }
  /** `data` is text for svg/csv and a base64 data URL for png. */
  | { type: 'export'; format: ExportFormat; fileName: string; data: string };

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isPositive = (x: unknown): x is number => isFiniteNumber(x) && x > 0;
const isCap = (x: unknown): x is number | null => x === null || isPositive(x);
const isString = (x: unknown): x is string => typeof x === 'string';

/** The message if `x` is a well-formed view -> host message, else undefined (never throws). */
export function parseFromBalanceView(x: unknown): FromBalanceView | undefined {
  if (!isRecord(x) || !isString(x.type)) return undefined;
  switch (x.type) {
    case 'ready':
    case 'loadDynamics':
      return { type: x.type };
    case 'whatIf':
      return Number.isSafeInteger(x.requestId) && isPositive(x.temperature) && isCap(x.cap)
        ? { type: 'whatIf', requestId: x.requestId as number, temperature: x.temperature, cap: x.cap }
        : undefined;
    case 'applyTemperature':
      return isPositive(x.temperature) && isCap(x.cap)
        ? { type: 'applyTemperature', temperature: x.temperature, cap: x.cap }
        : undefined;
    case 'revealTask':
      return isString(x.name) ? { type: 'revealTask', name: x.name } : undefined;
    case 'revealDiagnostic':
      return Number.isSafeInteger(x.index) && (x.index as number) >= 0
        ? { type: 'revealDiagnostic', index: x.index as number }
        : undefined;
    case 'export':
      return (x.format === 'png' || x.format === 'svg' || x.format === 'csv') && isString(x.fileName) && isString(x.data)
        ? { type: 'export', format: x.format, fileName: x.fileName, data: x.data }
        : undefined;
    default:
      return undefined;
  }
}

/** The message if `x` is a well-formed host -> view message (shallow check of the envelope), else undefined. */
export function parseToBalanceView(x: unknown): ToBalanceView | undefined {
  if (!isRecord(x) || !isString(x.type)) return undefined;
  switch (x.type) {
    case 'state': {
      const s = x.state;
      if (!isRecord(s) || !isString(s.uri) || !isString(s.fileName) || typeof s.stale !== 'boolean') return undefined;
      if (!isRecord(s.sampling) || !isRecord(s.diagnostics) || !Array.isArray(s.diagnostics.items)) return undefined;
      if (s.comparison !== null && !(isRecord(s.comparison) && Array.isArray(s.comparison.columns))) return undefined;
      if (s.transfer !== null && !(isRecord(s.transfer) && Array.isArray(s.transfer.matrix))) return undefined;
      return x as ToBalanceView;
    }
    case 'whatIfRates': {
      const r = x.result;
      const packed = isRecord(r) && Array.isArray(r.rate) && Array.isArray(r.raw) && Array.isArray(r.epochs) && (r.tasks === undefined || Array.isArray(r.tasks));
      return Number.isSafeInteger(x.requestId) && (r === null || packed) ? (x as ToBalanceView) : undefined;
    }
    case 'dynamics':
      return isString(x.uri) && (x.result === null || (isRecord(x.result) && Array.isArray(x.result.checkpoints)))
        ? (x as ToBalanceView)
        : undefined;
    case 'notice':
      return (x.level === 'info' || x.level === 'error') && isString(x.message) ? (x as ToBalanceView) : undefined;
    default:
      return undefined;
  }
}
