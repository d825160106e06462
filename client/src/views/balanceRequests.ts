// The language-server requests the Balance Preview needs, with their params and results. The numbers are the
// core's own results (compareStrategies, computeRates with root overrides, computeTransfer, the sampling
// simulation); the server answers them for an open mixture by URI.
import type { RatesResultJson, StrategyComparisonJson, TrainingDynamicsJson, TransferJson } from '../../webview/shared/balanceData';
import type { FileSampling } from '../../webview/shared/balanceMessages';

/** `taskmix/balance`: everything the preview shows for a mixture, in one answer. */
export const BalanceRequestMethod = 'taskmix/balance';
export interface BalanceParams {
  uri: string;
}
export interface BalanceResponse {
  uri: string;
  version: number | null;
  /** True when the file has errors now and these are the numbers of its last valid version. */
  stale: boolean;
  /** Null when the file never had valid rates. */
  comparison: StrategyComparisonJson | null;
  sampling: FileSampling;
  /** Null when the file has no `results`. */
  transfer: TransferJson | null;
}

/** `taskmix/whatIfRates`: the rates under a what-if root strategy (the temperature slider). */
export const WhatIfRatesRequestMethod = 'taskmix/whatIfRates';
export interface WhatIfRatesParams {
  uri: string;
  overrides: { strategy: 'temperature'; temperature: number; /** 0 removes the file's cap */ cap: number };
}
export type WhatIfRatesResponse = RatesResultJson | null;

/** `taskmix/trainingDynamics`: the seeded sampling simulation over the file's budget. */
export const TrainingDynamicsRequestMethod = 'taskmix/trainingDynamics';
export interface TrainingDynamicsParams {
  uri: string;
  seed?: number;
  /** Checkpoints along the run (default 64). */
  points?: number;
}
/** Null without a budget. */
export type TrainingDynamicsResponse = TrainingDynamicsJson | null;

/** The three requests as one port, so the controller can be driven by the real client or a test host. */
export interface BalanceDataSource {
  balance(uri: string): Promise<BalanceResponse>;
  whatIf(uri: string, temperature: number, cap: number | null): Promise<WhatIfRatesResponse>;
  dynamics(uri: string): Promise<TrainingDynamicsResponse>;
}

/** Anything that sends LSP requests (vscode-languageclient's LanguageClient, a protocol connection). */
export interface RequestSender {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

export function lspBalanceDataSource(client: RequestSender): BalanceDataSource {
  return {
    balance: (uri) => client.sendRequest<BalanceResponse>(BalanceRequestMethod, { uri } satisfies BalanceParams),
    whatIf: (uri, temperature, cap) =>
      client.sendRequest<WhatIfRatesResponse>(WhatIfRatesRequestMethod, { uri, overrides: { strategy: 'temperature', temperature, cap: cap ?? 0 } } satisfies WhatIfRatesParams),
    dynamics: (uri) => client.sendRequest<TrainingDynamicsResponse>(TrainingDynamicsRequestMethod, { uri } satisfies TrainingDynamicsParams),
  };
}
