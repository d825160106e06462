// A test host for the Balance Preview: the built view bundle (dist/webview/balance.js) in headless Chromium, in the
// real HTML shell with its CSP, wired to the real BalanceController, which gets its numbers from the real language
// server (dist/server.js over stdio) through ServerBalanceSource. It stands in for VS Code's webview host: theme
// variables, acquireVsCodeApi, the message channel, and the editor's buffer and Problems list.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BalanceController, summarizeDiagnostics, type BalanceHost } from '../../client/src/views/balanceController';
import { buildBalanceHtml, makeNonce } from '../../client/src/views/balanceHtml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FromBalanceView, ToBalanceView } from '../../contracts/balanceMessages';
import { RatesChangedNotification, SamplingEditRequest } from '../../contracts/lsp';
import { ServerBalanceSource, type ServerDiagnostic } from './serverBalanceSource';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';

/** A few of VS Code's theme variables, as its light and dark themes set them on the webview's <html>. */
export const THEMES = {
  light: { class: 'vscode-light', vars: { '--vscode-editor-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-panel-border': '#e5e5e5', '--vscode-focusBorder': '#005fb8', '--vscode-font-family': 'sans-serif', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-textLink-foreground': '#005fb8', '--vscode-descriptionForeground': '#3b3b3b' } },
  dark: { class: 'vscode-dark', vars: { '--vscode-editor-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f', '--vscode-panel-border': '#2b2b2b', '--vscode-focusBorder': '#0078d4', '--vscode-font-family': 'sans-serif', '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-textLink-foreground': '#4daafc', '--vscode-descriptionForeground': '#9d9d9d' } },
} as const;
export type ThemeName = keyof typeof THEMES;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
}

export class BalanceTestHost {
  readonly fromView: FromBalanceView[] = [];
  readonly toView: ToBalanceView[] = [];
  readonly pageErrors: string[] = [];
  readonly texts = new Map<string, string>();
  controller!: BalanceController;
  page!: Page;

  private constructor(
    private readonly browser: Browser,
    readonly source: ServerBalanceSource,
  ) {}

  /** Opens the preview on `uri` (with `text` as its buffer) in a fresh page of the given theme. */
  static async open(browser: Browser, uri: string, text: string, theme: ThemeName, viewport = { width: 1100, height: 800 }): Promise<BalanceTestHost> {
    const host = new BalanceTestHost(browser, await ServerBalanceSource.start());
    await host.setText(uri, text);
    await host.start(uri, theme, viewport);
    return host;
  }

  async setText(uri: string, text: string): Promise<void> {
    this.texts.set(uri, text);
    await this.source.setText(uri, text);
    this.lastDiagnostics.set(uri, await this.source.diagnostics(uri));
  }

  /**
   * The user edited the file: new text, then what VS Code hands the controller, in the server's order: the new
   * diagnostics, then the server's rates-changed notification (an edit here is one that changes the numbers or the
   * counts, so one comes).
   */
  async edit(uri: string, text: string): Promise<void> {
    const seen = this.source.client.notifications.length;
    await this.setText(uri, text);
    this.controller.diagnosticsChanged([uri]);
    this.controller.ratesChanged(await this.source.client.nextNotification(RatesChangedNotification.type, seen));
  }

  private async start(uri: string, theme: ThemeName, viewport: { width: number; height: number }): Promise<void> {
    const page = await this.browser.newPage({ viewport });
    this.page = page;
    page.on('pageerror', (e) => this.pageErrors.push(`${String(e)}\n${e.stack ?? ''}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageErrors.push(m.text());
    });
    const root = resolve('.');
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/index.html') {
        const html = buildBalanceHtml({ cspSource: ORIGIN, nonce: makeNonce(), scriptUri: `${ORIGIN}/dist/webview/balance.js`, styleUri: `${ORIGIN}/media/balance.css` });
        return route.fulfill({ contentType: 'text/html', body: html });
      }
      if (path === '/dist/webview/balance.js' || path === '/media/balance.css') {
        return route.fulfill({ contentType: path.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(resolve(root, path.slice(1))) });
      }
      return route.fulfill({ status: 404, body: '' });
    });
    await page.exposeFunction('__balanceToHost', (json: string) => {
      const msg = JSON.parse(json) as unknown;
      this.fromView.push(msg as FromBalanceView);
      void this.controller.handle(msg);
    });
    const t = THEMES[theme];
    await page.addInitScript(({ cls, vars }) => {
      let state: unknown;
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (window as unknown as { __balanceToHost: (json: string) => void }).__balanceToHost(JSON.stringify(m)),
        getState: () => state,
        setState: (s: unknown) => void (state = s),
      });
      // Init scripts can run before <html> exists: set the variables as soon as it does.
      const apply = () => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      };
      if (document.documentElement) apply();
      else new MutationObserver((_, o) => document.documentElement && (apply(), o.disconnect())).observe(document, { childList: true });
      document.addEventListener('DOMContentLoaded', () => document.body.classList.add(cls));
    }, { cls: t.class, vars: t.vars as Record<string, string> });
    const hostPort: BalanceHost = {
      post: (m) => {
        this.toView.push(m);
        // As JSON text, as VS Code carries webview messages (and far faster through the CDP than an object).
        void page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(m)).catch(() => undefined);
      },
      fileName: (u) => u.split('/').pop()!,
      diagnostics: (u) => summarizeDiagnostics(this.lastDiagnostics.get(u) ?? []),
      revealTask: () => undefined,
      revealDiagnostic: () => undefined,
      applyTemperature: async (u, temperature, cap) => {
        // As the extension host does (client/src/views/balanceEdits.ts): the server plans the edits on the buffer's
        // version, and they are applied to that version only, all at once.
        const answer = await this.source.client.send(SamplingEditRequest.type, { uri: u, temperature, cap });
        if (answer.error) return answer.error;
        if (answer.version !== this.source.client.versions.get(u)) return 'The file kept changing while the edit was planned: apply again.';
        const doc = TextDocument.create(u, 'mixture-yaml', answer.version, this.texts.get(u)!);
        await this.edit(u, TextDocument.applyEdits(doc, answer.edits));
        return undefined;
      },
      saveExport: async () => undefined,
      log: (m) => void this.pageErrors.push(`host: ${m}`),
    };
    this.controller = new BalanceController(this.source, hostPort, uri);
    await page.goto(`${ORIGIN}/index.html`);
  }

  /** What the editor's Problems list holds: the server's published diagnostics of the latest version. */
  private readonly lastDiagnostics = new Map<string, ServerDiagnostic[]>();

  /** Waits until the host has posted a message matching `pred` (after index `from`), polling. */
  async waitForPosted(pred: (m: ToBalanceView) => boolean, from = 0, timeoutMs = 10000): Promise<ToBalanceView> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = this.toView.slice(from).find(pred);
      if (m) return m;
      if (Date.now() > end) throw new Error(`timed out waiting for a host message; got ${this.toView.map((x) => x.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the view has sent a message matching `pred`, polling. */
  async waitForFromView(pred: (m: FromBalanceView) => boolean, timeoutMs = 10000): Promise<FromBalanceView> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = this.fromView.find(pred);
      if (m) return m;
      if (Date.now() > end) throw new Error(`timed out waiting for a view message; got ${this.fromView.map((x) => x.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.page.close();
    await this.source.stop();
  }
}
