// The Balance Preview's host logic, over small interfaces so that it runs without VS Code (unit tests, the
// browser test's host): the `ready` handshake, following the active mixture, refreshing on the server's
// rates-changed notification when the numbers changed (a small diagnostics message when only they did), passing
// the server's packed what-if answers through, and never posting a state older than the newest one already sent.
import type { BalanceState, FromBalanceView, ToBalanceView } from '../../../contracts/balanceMessages';
import { parseFromBalanceView } from '../../../contracts/balanceMessages';
import type { RatesChangedParams } from '../../../contracts/lsp';
import type { DiagnosticsSummary } from '../../../contracts/balanceData';
import type { BalanceDataSource } from './balanceRequests';

/** What the controller needs from the editor around it. */
export interface BalanceHost {
  post(message: ToBalanceView): void;
  fileName(uri: string): string;
  diagnostics(uri: string): DiagnosticsSummary;
  revealTask(uri: string, name: string): Promise<void> | void;
  revealDiagnostic(uri: string, index: number): Promise<void> | void;
  /** Writes the temperature (and cap) into the file; resolves to an error message, or undefined on success. */
  applyTemperature(uri: string, temperature: number, cap: number | null): Promise<string | undefined>;
  saveExport(format: 'png' | 'svg' | 'csv', fileName: string, data: string): Promise<void>;
  /** Failures that are not the user's to fix (logged, not shown as errors in the view). */
  log(message: string): void;
}

export class BalanceController {
  private ready = false;
  private uri: string | undefined;
  /** Bumped on every refresh; an answer for an older one is dropped. */
  private generation = 0;
  private lastState: BalanceState | undefined;

  constructor(private readonly source: BalanceDataSource, private readonly host: BalanceHost, uri?: string) {
    this.uri = uri;
  }

  get currentUri(): string | undefined {
    return this.uri;
  }

  /** The active mixture changed (or the panel was restored for one). */
  follow(uri: string): void {
    if (uri === this.uri) return;
    this.uri = uri;
    void this.refresh();
  }

  /** The server says a mixture's analysis changed. The view's numbers changed only with `analysisVersion`; with the
   *  same version only the diagnostics (or their counts) did, and diagnosticsChanged carries those. */
  ratesChanged(params: Pick<RatesChangedParams, 'uri' | 'analysisVersion'>): void {
    if (params.uri !== this.uri) return;
    if (this.lastState?.uri === params.uri && this.lastState.analysisVersion === params.analysisVersion) return;
    void this.refresh();
  }

  /** Diagnostics of the followed file changed: the view gets them alone, a few hundred bytes where a state at 1,000
   *  tasks is hundreds of KB, and asks nothing again. */
  diagnosticsChanged(uris: readonly string[]): void {
    const last = this.lastState;
    if (!this.ready || !last || last.uri !== this.uri || !uris.includes(last.uri)) return;
    const diagnostics = this.host.diagnostics(last.uri);
    this.lastState = { ...last, diagnostics };
    this.host.post({ type: 'diagnostics', uri: last.uri, diagnostics });
  }

  async refresh(): Promise<void> {
    const uri = this.uri;
    if (!this.ready || !uri) return;
    const generation = ++this.generation;
    let state: BalanceState;
    try {
      const r = await this.source.balance(uri);
      state = { uri, fileName: this.host.fileName(uri), comparison: r.comparison, stale: r.stale, sampling: r.sampling, diagnostics: this.host.diagnostics(uri), transfer: r.transfer, analysisVersion: r.analysisVersion };
    } catch (e) {
      if (generation !== this.generation) return;
      this.host.log(`taskmix/balance failed for ${uri}: ${String(e)}`);
      // Version 0, which no server gives (they count from their start time): the next answer that works is new.
      state = { uri, fileName: this.host.fileName(uri), comparison: null, stale: false, sampling: { strategy: 'proportional', temperature: null, cap: null, maxEpochs: 10 }, diagnostics: this.host.diagnostics(uri), transfer: null, analysisVersion: 0 };
    }
    if (generation !== this.generation) return;
    this.lastState = state;
    this.host.post({ type: 'state', state });
  }

  /** A message from the view: checked at run time, then handled; never throws. */
  async handle(raw: unknown): Promise<void> {
    const msg = parseFromBalanceView(raw);
    if (!msg) {
      this.host.log(`ignored a malformed message from the balance view: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      await this.dispatch(msg);
    } catch (e) {
      this.host.log(`balance view message ${msg.type} failed: ${String(e)}`);
      this.host.post({ type: 'notice', level: 'error', message: `TaskMix: ${msg.type} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async dispatch(msg: FromBalanceView): Promise<void> {
    const uri = this.uri;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        return this.refresh();
      case 'whatIf': {
        if (!uri) return;
        try {
          // Packed by the server for the view (contracts/whatIf.ts): passed through as it came.
          const result = await this.source.whatIf(uri, msg.temperature, msg.cap, msg.tasksKey);
          this.host.post({ type: 'whatIfRates', requestId: msg.requestId, result });
        } catch (e) {
          this.host.post({ type: 'whatIfRates', requestId: msg.requestId, result: null, error: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      case 'loadDynamics': {
        if (!uri) return;
        try {
          this.host.post({ type: 'dynamics', uri, result: await this.source.dynamics(uri) });
        } catch (e) {
          this.host.post({ type: 'dynamics', uri, result: null, error: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      case 'revealTask':
        if (uri) await this.host.revealTask(uri, msg.name);
        return;
      case 'revealDiagnostic':
        if (uri) await this.host.revealDiagnostic(uri, msg.index);
        return;
      case 'applyTemperature': {
        if (!uri) return;
        const error = await this.host.applyTemperature(uri, msg.temperature, msg.cap);
        this.host.post(error ? { type: 'notice', level: 'error', message: error } : { type: 'notice', level: 'info', message: `Set strategy: temperature, temperature: ${msg.temperature}${msg.cap === null ? '' : `, cap: ${msg.cap}`}.` });
        return;
      }
      case 'export':
        return this.host.saveExport(msg.format, msg.fileName, msg.data);
    }
  }
}

export interface DiagnosticItem {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number;
  character: number;
}

/** Errors first, then the rest, each in file order: the order of the view's list and of `revealDiagnostic`. */
export function sortDiagnostics<T extends DiagnosticItem>(items: readonly T[]): T[] {
  const rank = (d: DiagnosticItem) => (d.severity === 'error' ? 0 : d.severity === 'warning' ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.character - b.character);
}

/** The view's summary: counts, and the first `limit` diagnostics in `sortDiagnostics` order (plain JSON). */
export function summarizeDiagnostics(items: readonly DiagnosticItem[], limit = 20): DiagnosticsSummary {
  return {
    errors: items.filter((i) => i.severity === 'error').length,
    warnings: items.filter((i) => i.severity === 'warning').length,
    items: sortDiagnostics(items).slice(0, limit).map(({ severity, code, message, line, character }) => ({ severity, code, message, line, character })),
  };
}
