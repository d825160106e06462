// The Balance Preview's data source: the three language-server requests it needs, typed once in
// contracts/lsp.ts, behind one small port so the controller can be driven by the real client or a test host.
import {
  BalanceRequest,
  TrainingDynamicsRequest,
  WhatIfRatesRequest,
  type BalanceParams,
  type BalanceResponse,
  type TrainingDynamicsParams,
  type SamplingSimulation,
  type WhatIfRatesParams,
} from '../../../contracts/lsp';
import type { WhatIfRatesPacked } from '../../../contracts/whatIf';
import type { RequestType } from 'vscode-languageclient';

export type { BalanceResponse };
/** The rates under a what-if temperature (and cap), packed by the server for the view; null while the file has errors. */
export type WhatIfRatesResponse = WhatIfRatesPacked | null;
/** The seeded simulation over the file's budget; null without a budget. */
export type TrainingDynamicsResponse = SamplingSimulation | null;

export interface BalanceDataSource {
  balance(uri: string): Promise<BalanceResponse>;
  /** `tasksKey`: the task list the view holds (the answer then leaves it out while it is the same). */
  whatIf(uri: string, temperature: number, cap: number | null, tasksKey: string | undefined): Promise<WhatIfRatesResponse>;
  dynamics(uri: string): Promise<TrainingDynamicsResponse>;
}

/** Anything that sends typed LSP requests (vscode-languageclient's LanguageClient, a protocol connection). */
export interface RequestSender {
  sendRequest<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
}

export function lspBalanceDataSource(client: RequestSender): BalanceDataSource {
  return {
    balance: (uri) => client.sendRequest(BalanceRequest.type, { uri } satisfies BalanceParams),
    whatIf: (uri, temperature, cap, tasksKey) =>
      client.sendRequest(WhatIfRatesRequest.type, {
        uri,
        // cap 0 removes the file's cap.
        overrides: { strategy: 'temperature', temperature, cap: cap ?? 0 },
        ...(tasksKey !== undefined ? { tasksKey } : {}),
      } satisfies WhatIfRatesParams),
    dynamics: (uri) => client.sendRequest(TrainingDynamicsRequest.type, { uri } satisfies TrainingDynamicsParams),
  };
}
