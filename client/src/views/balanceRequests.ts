// The Balance Preview's data source: the three language-server requests it needs, typed once in
// contracts/lsp.ts, behind one small port so the controller can be driven by the real client or a test host.
import {
  BalanceRequest,
  TrainingDynamicsRequest,
  WhatIfRatesRequest,
  type BalanceParams,
  type BalanceResponse,
  type TrainingDynamicsParams,
  type RatesResult,
  type SamplingSimulation,
  type WhatIfRatesParams,
} from '../../../contracts/lsp';

export type { BalanceResponse };
/** The rates under a what-if temperature (and cap); null while the file has errors. */
export type WhatIfRatesResponse = RatesResult | null;
/** The seeded simulation over the file's budget; null without a budget. */
export type TrainingDynamicsResponse = SamplingSimulation | null;

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
    balance: (uri) => client.sendRequest<BalanceResponse>(BalanceRequest.method, { uri } satisfies BalanceParams),
    whatIf: (uri, temperature, cap) =>
      client.sendRequest<WhatIfRatesResponse>(WhatIfRatesRequest.method, {
        uri,
        // cap 0 removes the file's cap.
        overrides: { strategy: 'temperature', temperature, cap: cap ?? 0 },
      } satisfies WhatIfRatesParams),
    dynamics: (uri) => client.sendRequest<TrainingDynamicsResponse>(TrainingDynamicsRequest.method, { uri } satisfies TrainingDynamicsParams),
  };
}
