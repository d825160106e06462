// A test host for the T5 Playground: a loopback HTTP server plays the extension host's part (it serves the real
// HTML shell with its CSP, the built bundles, dist/ort/ and model folders, as webview URIs would), and the real
// PlaygroundController answers the page's messages, with the server's task/record answers computed by the core.
// Headless Chromium (--disable-gpu: no WebGPU adapter) runs the page and its worker.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, resolve, sep } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generate } from '../../t5/generate';
import { T5OnnxModel, type Precision } from '../../t5/model';
import { dirModelSource } from '../../t5/node/dirModelSource';
import { loadNodeOrt } from '../../t5/node/nodeOrt';
import { PlaygroundController, type PlaygroundHost } from '../../client/src/views/playgroundController';
import { buildPlaygroundHtml, makeNonce } from '../../client/src/views/playgroundHtml';
import type { PlaygroundSettings } from '../../client/src/views/playgroundModel';
import { downloadHubModel } from '../../client/src/models/downloadManager';
import type { FromPlaygroundView, ToPlaygroundView } from '../../contracts/playgroundMessages';
import { CoreTaskRequests } from '../unit/helpers/playgroundServerRequests';
import { ensureTinyT5, TINY_DIR } from '../unit/helpers/t5Fixture';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BUILT = ['dist/webview/playground.js', 'dist/webview/playground-worker.js', 'dist/ort/ort-wasm-simd-threaded.wasm'];
/** Skipped only on a developer machine without Chromium or a build; in CI (CI=true) a missing part fails instead. */
export const SKIP: string | false = process.env.CI ? false : !existsSync(CHROMIUM) || BUILT.some((f) => !existsSync(f)) ? `needs ${CHROMIUM} and a build (${BUILT.join(', ')})` : false;

/** One Chromium for a test file, started (after the tiny model is written) in `before` and closed in `after`. */
export function chromiumPerFile(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    if (SKIP) return;
    ensureTinyT5();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** What the Node runtime (onnxruntime-web WASM, the same loop) generates from the tiny model: what a page must show. */
export async function tinyNodeOutputs(prompts: string[], maxNewTokens: number, precision: Precision = 'q8'): Promise<string[]> {
  const model = await T5OnnxModel.load(loadNodeOrt(), dirModelSource(TINY_DIR), { precision });
  try {
    const out: string[] = [];
    for (const p of prompts) out.push((await generate(model, p, { maxNewTokens })).outputs[0]!.text);
    return out;
  } finally {
    await model.release();
  }
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

/** `--disable-gpu` leaves `navigator.gpu` without an adapter; `--enable-unsafe-webgpu` adds a software one (SwiftShader). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--headless', ...extraArgs] });
}

export interface HostOptions {
  settings: PlaygroundSettings;
  /** The mixture the panel follows. */
  mixtureUri?: string;
  /** Send COOP/COEP headers so the page is cross-origin isolated (threads). */
  isolated?: boolean;
}

export class PlaygroundTestHost {
  readonly fromView: FromPlaygroundView[] = [];
  readonly toView: ToPlaygroundView[] = [];
  readonly pageErrors: string[] = [];
  readonly hostLog: string[] = [];
  readonly requests: string[] = [];
  settings: PlaygroundSettings;
  controller!: PlaygroundController;
  page!: Page;
  private server!: Server;
  private origin = '';
  private readonly folders: string[] = [];
  private readonly repo = resolve('.');

  private constructor(private readonly options: HostOptions) {
    this.settings = { ...options.settings };
  }

  static async open(browser: Browser, options: HostOptions): Promise<PlaygroundTestHost> {
    const host = new PlaygroundTestHost(options);
    await host.listen();
    await host.start(browser);
    return host;
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      this.requests.push(path);
      const headers: Record<string, string> = { 'cache-control': 'no-store' };
      if (this.options.isolated) {
        Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' });
      }
      if (path === '/index.html') {
        const html = buildPlaygroundHtml({ cspSource: this.origin, nonce: makeNonce(), scriptUri: `${this.origin}/dist/webview/playground.js`, styleUri: `${this.origin}/media/playground.css` });
        res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(html);
        return;
      }
      // Chromium asks for a favicon; a webview never does.
      if (path === '/favicon.ico') return void res.writeHead(204, headers).end();
      const file = this.fileFor(path);
      if (!file) {
        res.writeHead(404, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': String(statSync(file).size) });
      createReadStream(file).pipe(res);
    });
    return new Promise((done) =>
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        this.origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        done();
      }),
    );
  }

  /** Like localResourceRoots: the bundle, media, dist/ort and the registered model folders, nothing else. */
  private fileFor(path: string): string | undefined {
    const inside = (root: string, rel: string) => {
      const p = resolve(root, rel);
      return p.startsWith(root + sep) && existsSync(p) && statSync(p).isFile() ? p : undefined;
    };
    const m = /^\/models\/(\d+)\/(.*)$/.exec(path);
    if (m) {
      const root = this.folders[Number(m[1])];
      return root ? inside(root, m[2]!) : undefined;
    }
    if (path.startsWith('/dist/webview/') || path.startsWith('/dist/ort/') || path.startsWith('/media/')) return inside(this.repo, path.slice(1));
    return undefined;
  }

  private async start(browser: Browser): Promise<void> {
    const page = await browser.newPage();
    this.page = page;
    page.on('pageerror', (e) => this.pageErrors.push(`${String(e)}\n${e.stack ?? ''}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageErrors.push(m.text());
    });
    const requests = new CoreTaskRequests();
    const port: PlaygroundHost = {
      cacheRoot: resolve(tmpdir(), 'taskmix-playground-test-cache'),
      home: tmpdir(),
      folderUri: (dir) => {
        let i = this.folders.indexOf(resolve(dir));
        if (i < 0) i = this.folders.push(resolve(dir)) - 1;
        return `${this.origin}/models/${i}/`;
      },
      post: (m) => {
        this.toView.push(m);
        // As JSON text, as VS Code carries webview messages.
        void page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(m)).catch(() => undefined);
      },
      tasks: (uri) => requests.tasks(uri),
      examples: (params) => requests.examples(params),
      evaluate: (params) => requests.evaluate(params),
      writeResults: (params) => requests.writeResults(params),
      settings: () => this.settings,
      assets: () => ({
        workerUri: `${this.origin}/dist/webview/playground-worker.js`,
        wasm: { glueUri: `${this.origin}/dist/ort/ort-wasm-simd-threaded.mjs`, binaryUri: `${this.origin}/dist/ort/ort-wasm-simd-threaded.wasm` },
        webgpu: { glueUri: `${this.origin}/dist/ort/ort-wasm-simd-threaded.asyncify.mjs`, binaryUri: `${this.origin}/dist/ort/ort-wasm-simd-threaded.asyncify.wasm` },
      }),
      download: (req, onProgress) => downloadHubModel(req, { onProgress: (p) => onProgress(p.received, p.total) }),
      openSettings: (setting) => void this.hostLog.push(`openSettings ${setting}`),
      fileName: (uri) => uri.split('/').pop()!,
      log: (message) => void this.hostLog.push(message),
    };
    await page.exposeFunction('__playgroundToHost', (json: string) => {
      const msg = JSON.parse(json) as unknown;
      this.fromView.push(msg as FromPlaygroundView);
      void this.controller.handle(msg);
    });
    await page.addInitScript(() => {
      let state: unknown;
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (window as unknown as { __playgroundToHost: (json: string) => void }).__playgroundToHost(JSON.stringify(m)),
        getState: () => state,
        setState: (s: unknown) => void (state = s),
      });
    });
    this.controller = new PlaygroundController(port, this.options.mixtureUri);
    await page.goto(`${this.origin}/index.html`);
  }

  /** Waits until the page satisfies `fn`, polling; the failure message shows the page's errors. */
  async waitFor(description: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      if (await fn()) return;
      if (Date.now() > end) {
        const text = await this.page.locator('main').innerText().catch(() => '(no page)');
        throw new Error(`timed out waiting for ${description}\npage: ${text}\nerrors: ${this.pageErrors.join('\n')}\nhost: ${this.hostLog.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  text(selector: string): Promise<string> {
    return this.page.locator(selector).innerText();
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
    await new Promise((r) => this.server.close(r));
  }
}
