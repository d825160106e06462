// The webview's side of the message channel: one typed post(), and the persisted view state.
import type { BalanceTab, FromBalanceView } from '../../../contracts/balanceMessages';
import { vscodeChannel } from '../common/vscodeApi';
import type { RateColorMode } from './scales';
import type { RowSortKey } from './strategyMatrix';
import type { TransferOrder } from './transferMatrix';

const api = vscodeChannel<FromBalanceView>();

export function post(message: FromBalanceView): void {
  api.post(message);
}

/** What survives a reload (the panel serializer hands it back): the file and the reader's choices. */
export interface PersistedViewState {
  uri?: string;
  tab: BalanceTab;
  colorMode: RateColorMode;
  sort: RowSortKey;
  transferOrder: TransferOrder;
  table: boolean;
}

export function loadViewState(): PersistedViewState {
  const s = (api.getState() ?? {}) as Partial<PersistedViewState>;
  return {
    uri: typeof s.uri === 'string' ? s.uri : undefined,
    tab: s.tab === 'temperature' || s.tab === 'transfer' || s.tab === 'dynamics' ? s.tab : 'strategies',
    colorMode: s.colorMode === 'rate-log' || s.colorMode === 'epochs' || s.colorMode === 'effective-epochs' ? s.colorMode : 'rate-linear',
    sort: s.sort === 'name' || s.sort === 'examples' || s.sort === 'rate' ? s.sort : 'file',
    transferOrder: s.transferOrder === 'name' || s.transferOrder === 'clustered' ? s.transferOrder : 'file',
    table: s.table === true,
  };
}

export function saveViewState(state: PersistedViewState): void {
  api.setState(state);
}
