// The benchmark's browser leg: the T5 runtime with onnxruntime-web's WASM entry (the one the playground worker
// imports), bundled for the browser and run in headless Chromium, the engine VS Code's webviews use. A loopback
// server hands the page the bundle, onnxruntime-web's files and the model folder.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { GenerationTimings } from '../t5/generate';
import type { DecoderLayout, Precision } from '../t5/model';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// Runs in the page. Session options as the worker passes them; the rest are the runtime's defaults.
const PAGE_ENTRY = `
import * as ort from 'onnxruntime-web/wasm';
import { generate } from './t5/generate';
import { T5OnnxModel } from './t5/model';
let model;
globalThis.benchLoad = async (precision, layout) => {
  ort.env.wasm.wasmPaths = location.origin + '/ort/';
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  const source = { label: 'model', read: async (path) => {
    const r = await fetch('/model/' + path);
    return r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined;
  } };
  if (model) await model.release();
  model = await T5OnnxModel.load(ort, source, { precision, layout, sessionOptions: { executionProviders: ['wasm'] } });
};
globalThis.benchRun = async (ids, settings) => {
  const r = await generate(model, ids, settings);
  return { timings: r.timings, tokens: r.outputs[0].tokenIds.join(',') };
};
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/**
 * A loopback server for a benchmark page: `/` loads `/bench.js` (the bundle `js`), and each prefix of `roots` maps
 * onto a folder (nothing outside it). `served` (if given) collects the file URLs it served.
 */
export async function serveBenchPage(js: Uint8Array, roots: Record<string, string>, served?: string[]): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
    if (url === '/bench.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    const prefix = Object.keys(roots).find((p) => url.startsWith(p));
    const root = prefix && roots[prefix]!;
    const file = root && resolve(join(root, url.slice(prefix.length)));
    if (!file || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    served?.push(url);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as { port: number }).port };
}

export class ChromiumT5 {
  private constructor(private readonly browser: Browser, private readonly server: Server, private readonly page: Page) {}

  static async open(modelDir: string): Promise<ChromiumT5> {
    const bundle = await esbuild.build({
      stdin: { contents: PAGE_ENTRY, resolveDir: resolve('.'), loader: 'ts', sourcefile: 'bench-page.ts' },
      bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
      conditions: ['onnxruntime-web-use-extern-wasm'],
    });
    const js = bundle.outputFiles[0]!.contents;
    const { server, port } = await serveBenchPage(js, { '/ort/': resolve('node_modules/onnxruntime-web/dist'), '/model/': resolve(modelDir) });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => 'benchRun' in globalThis);
      return new ChromiumT5(browser, server, page);
    } catch (e) {
      await browser.close();
      server.close();
      throw e;
    }
  }

  async load(precision: Precision, layout: DecoderLayout): Promise<void> {
    await this.page.evaluate(([p, l]) => (globalThis as unknown as { benchLoad(p: string, l: string): Promise<void> }).benchLoad(p, l), [precision, layout] as const);
  }

  async run(ids: number[], settings: { maxNewTokens: number; minNewTokens: number }): Promise<{ timings: GenerationTimings; tokens: string }> {
    type Run = (ids: number[], s: typeof settings) => Promise<{ timings: GenerationTimings; tokens: string }>;
    return this.page.evaluate(([i, s]) => (globalThis as unknown as { benchRun: Run }).benchRun(i, s), [ids, settings] as const);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((ok) => this.server.close(ok));
  }
}
