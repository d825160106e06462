// The Balance Preview's messages, one discriminated union per direction, with runtime checks on what arrives
// (a webview message is untyped JSON at run time). The view sends `ready` first; the host sends nothing before.
import type {
  DiagnosticsSummary,
  StrategyComparison,
  SamplingSimulation,
  TransferResult,
} from './balanceData';
import type { FileSampling } from './lsp';
import type { WhatIfRatesPacked } from './whatIf';

export type { FileSampling };

export type BalanceTab = 'strategies' | 'temperature' | 'transfer' | 'dynamics';
export const balanceTabs: readonly BalanceTab[] = ['strategies', 'temperature', 'transfer', 'dynamics'];


/** Everything the view shows for one mixture, sent after `ready`, on following another file, and when its numbers
 *  change (`analysisVersion`); a change of the diagnostics alone is the `diagnostics` message. */
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
  /** The server's `analysisVersion`: what-ifs are asked again when it changes (or T, or K), never for a state alone. */
  analysisVersion: number;
}

/** Host -> view. */
export type ToBalanceView =
  | { type: 'state'; state: BalanceState }
  /** Only the diagnostics of the file changed (its numbers did not): the small message instead of a whole state. */
  | { type: 'diagnostics'; uri: string; diagnostics: DiagnosticsSummary }
  /** The server's packed answer, as it sent it. */
  | { type: 'whatIfRates'; requestId: number; result: WhatIfRatesPacked | null; error?: string }
  | { type: 'dynamics'; uri: string; result: SamplingSimulation | null; error?: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type ExportFormat = 'png' | 'svg' | 'csv';

/** View -> host. */
export type FromBalanceView =
  | { type: 'ready' }
  /** `tasksKey`: the key of the what-if task list the view holds (see contracts/whatIf.ts). */
  | { type: 'whatIf'; requestId: number; temperature: number; cap: number | null; tasksKey?: string }
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
      return Number.isSafeInteger(x.requestId) && isPositive(x.temperature) && isCap(x.cap) && (x.tasksKey === undefined || isString(x.tasksKey))
        ? { type: 'whatIf', requestId: x.requestId as number, temperature: x.temperature, cap: x.cap, ...(x.tasksKey !== undefined ? { tasksKey: x.tasksKey } : {}) }
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
      if (!isRecord(s) || !isString(s.uri) || !isString(s.fileName) || typeof s.stale !== 'boolean' || typeof s.analysisVersion !== 'number') return undefined;
      if (!isRecord(s.sampling) || !isRecord(s.diagnostics) || !Array.isArray(s.diagnostics.items)) return undefined;
      if (s.comparison !== null && !(isRecord(s.comparison) && Array.isArray(s.comparison.columns))) return undefined;
      if (s.transfer !== null && !(isRecord(s.transfer) && Array.isArray(s.transfer.matrix))) return undefined;
      return x as ToBalanceView;
    }
    case 'diagnostics': {
      const d = x.diagnostics;
      return isString(x.uri) && isRecord(d) && Array.isArray(d.items) ? (x as ToBalanceView) : undefined;
    }
    case 'whatIfRates': {
      const r = x.result;
      const packed = isRecord(r) && isString(r.tasksKey) && isString(r.raw) && isString(r.rate) && isString(r.epochs) && (r.tasks === undefined || Array.isArray(r.tasks));
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
