// The Balance Preview's data from the real language server: the bundled dist/server.js over stdio, asked through
// the client's own request helper (lspBalanceDataSource), so the browser tests feed the view real server output.
import { fileURLToPath } from 'node:url';
import { lspBalanceDataSource, type BalanceDataSource, type BalanceResponse } from '../../client/src/views/balanceRequests';
import { LspClient } from '../lsp/harness';

export interface ServerDiagnostic {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number;
  character: number;
}

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' } as const;

export class ServerBalanceSource implements BalanceDataSource {
  private readonly opened = new Set<string>();

  private constructor(
    readonly client: LspClient,
    private readonly data: BalanceDataSource,
  ) {}

  static async start(): Promise<ServerBalanceSource> {
    const client = await LspClient.start();
    return new ServerBalanceSource(client, lspBalanceDataSource({ sendRequest: (type, params) => client.send(type, params) }));
  }

  /** The editor's buffer of `uri` is now `text` (didOpen the first time, then a full-text didChange). */
  async setText(uri: string, text: string): Promise<void> {
    if (this.opened.has(uri)) await this.client.change(uri, [{ text }]);
    else {
      this.opened.add(uri);
      await this.client.open(fileURLToPath(uri), text);
    }
  }

  balance(uri: string): Promise<BalanceResponse> {
    return this.data.balance(uri);
  }

  whatIf(uri: string, temperature: number, cap: number | null, tasksKey: string | undefined) {
    return this.data.whatIf(uri, temperature, cap, tasksKey);
  }

  dynamics(uri: string) {
    return this.data.dynamics(uri);
  }

  /** The diagnostics the server published for the buffer's latest version. */
  async diagnostics(uri: string): Promise<ServerDiagnostic[]> {
    const published = await this.client.diagnosticsFor(uri);
    return published.diagnostics.map((d) => ({
      severity: SEVERITY[(d.severity ?? 1) as 1 | 2 | 3 | 4],
      code: String(d.code ?? ''),
      message: d.message,
      line: d.range.start.line,
      character: d.range.start.character,
    }));
  }

  async stop(): Promise<void> {
    await this.client.stop();
  }
}
