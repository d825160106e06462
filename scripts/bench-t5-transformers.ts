// The benchmark's transformers.js leg: @huggingface/transformers (pinned below) running the same model folder in
// headless Chromium, WASM, one thread, as its users get it.
//
// - Not a project dependency (it brings a second onnxruntime-web build, onnxruntime-node and sharp): installed on
//   demand into .cache/bench-transformers/ (git-ignored; npm's cache and logs there too) with
//   `npm install --ignore-scripts`, so that onnxruntime-node's install script downloads nothing (the browser build
//   needs neither it nor sharp); only when that folder lacks the pinned version. Offline, the bench says why and
//   goes on without this leg.
// - The page is bundled by esbuild from that folder's copy: the package's browser build (transformers.web.js), which
//   imports `onnxruntime-web/webgpu`, resolved as a browser bundler resolves it (no extern-wasm condition). At
//   import, transformers.js points ORT's `wasmPaths` at the jsDelivr copy of its own onnxruntime-web version; the
//   page keeps those file names and serves them from the install folder's onnxruntime-web/dist instead (which
//   files those were is reported by `wasmFiles`, from the server's log: the asyncify build in 4.3.1).
// - Local files only: env.allowRemoteModels = false, env.localModelPath = '/models/' on the loopback server, the
//   browser cache off, and env.fetch refuses any URL outside that server. The model is loaded with
//   `AutoModelForSeq2SeqLM.from_pretrained(id, { device: 'wasm', dtype })` (dtype 'q8' reads the `_quantized`
//   files) plus `AutoTokenizer`; env.backends.onnx.wasm.numThreads = 1, proxy off; session options left to
//   transformers.js.
// - Decoding: `model.generate` greedy (do_sample false, num_beams 1), max_new_tokens = min_new_tokens = 32, on the
//   bench's own input ids fed as an int64 `input_ids` tensor (with an all-ones attention mask), not re-tokenized.
// - Timings: transformers.js reports none, so the page passes `generate` a streamer, whose `put` transformers.js
//   calls once with the decoder start token right after the encoder has run, then once per new token right after it
//   is chosen; the page stamps each call with performance.now(). From t0 = just before `generate`:
//   encoderMs = first put - t0 (the encoder session run plus transformers.js's input preparation around it);
//   firstTokenMs = second put - t0; msPerToken = (last put - second put) / (new tokens - 1). That is how our
//   runtime's GenerationTimings (t5/generate.ts) are taken, from one run, in the same places of the loop.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { GenerationTimings } from '../t5/generate';
import type { Precision } from '../t5/model';
import { CHROMIUM, serveBenchPage } from './bench-t5-chromium';

export const TRANSFORMERS_VERSION = '4.3.1';
const PREFIX = resolve('.cache/bench-transformers');
const PACKAGE_DIR = join(PREFIX, 'node_modules/@huggingface/transformers');
/** The onnxruntime-web that transformers.js itself depends on (its own copy, not the project's). */
const ORT_DIR = join(PREFIX, 'node_modules/onnxruntime-web');
/** The model id the page asks for; the server maps /models/<id>/ onto the model folder. */
const MODEL_ID = 'bench-t5';

const versionOf = (dir: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
};

/** Installs @huggingface/transformers@TRANSFORMERS_VERSION into .cache/bench-transformers unless already there;
 * throws with npm's reason when that fails (offline, registry down). */
export function ensureTransformers(log: (line: string) => void = console.log): void {
  if (versionOf(PACKAGE_DIR) === TRANSFORMERS_VERSION && existsSync(join(ORT_DIR, 'dist'))) return;
  log(`installing @huggingface/transformers@${TRANSFORMERS_VERSION} into ${PREFIX} (benchmark only, not a project dependency)`);
  // Under `npm run` the outer npm's settings are in the environment: the nested npm must not inherit them, except
  // where to reach the registry.
  const keep = /^npm_config_(registry|https?_proxy|proxy|noproxy|cafile|strict_ssl)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if ((!/^npm_/i.test(k) || keep.test(k)) && k !== 'INIT_CWD') env[k] = v;
  // npm's cache and logs in the install folder too, not under $HOME.
  Object.assign(env, { ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_onnxruntime_node_install: 'skip', npm_config_cache: join(PREFIX, '.npm-cache'), npm_config_update_notifier: 'false' });
  const r = spawnSync('npm', ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts',
    '--no-package-lock', `@huggingface/transformers@${TRANSFORMERS_VERSION}`], { env, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw new Error(`npm did not run: ${r.error.message}`);
  if (r.status !== 0) {
    // npm's error lines: `code X`, then the message (e.g. "request to https://... failed, reason: ..."), a stack.
    const errors = `${r.stderr}`.split('\n').filter((l) => /^npm (error|ERR!)/.test(l)).map((l) => l.replace(/^npm (error|ERR!)\s*/, ''));
    const code = errors.find((l) => l.startsWith('code '))?.slice(5);
    const message = errors.find((l) => !/^(code|syscall|errno) |^\s*at |^A complete log/.test(l) && l.trim());
    throw new Error(`npm install failed: ${[code, message?.replace(/^network /, '')].filter(Boolean).join(': ') || `exit ${r.status}`}`);
  }
  if (versionOf(PACKAGE_DIR) !== TRANSFORMERS_VERSION) throw new Error(`npm install left no @huggingface/transformers@${TRANSFORMERS_VERSION} in ${PREFIX}`);
}

// Runs in the page (plain JavaScript: the package's types are not installed where tsc looks).
const PAGE_ENTRY = `
import { env, AutoModelForSeq2SeqLM, AutoTokenizer, Tensor } from '@huggingface/transformers';
const origin = location.origin;
env.allowRemoteModels = false;
env.allowLocalModels = true;
// A path, not a URL: transformers.js only looks for local files at paths (resolved against the page's origin).
env.localModelPath = '/models/';
env.useBrowserCache = false;
const pageFetch = env.fetch;
env.fetch = (url, init) => {
  const u = new URL(String(url), origin);
  if (u.origin !== origin && u.protocol !== 'blob:') return Promise.reject(new Error('bench: refused a fetch outside the loopback server: ' + u));
  return pageFetch(url, init);
};
const onnx = env.backends.onnx;
// What transformers.js set at import (its own onnxruntime-web version on jsDelivr): the same files, served here.
const defaultWasmPaths = JSON.parse(JSON.stringify(onnx.wasm.wasmPaths ?? null));
const local = (url) => origin + '/ort/' + String(url).split('/').pop();
onnx.wasm.wasmPaths = defaultWasmPaths && typeof defaultWasmPaths === 'object'
  ? { mjs: local(defaultWasmPaths.mjs), wasm: local(defaultWasmPaths.wasm) }
  : origin + '/ort/';
onnx.wasm.numThreads = 1;
onnx.wasm.proxy = false;
let model;
let tokenizer;
globalThis.benchInfo = () => ({ transformers: env.version, ortWeb: onnx.versions?.web, defaultWasmPaths, crossOriginIsolated: globalThis.crossOriginIsolated === true });
globalThis.benchLoad = async (precision) => {
  if (model) await model.dispose();
  model = undefined;
  tokenizer ??= await AutoTokenizer.from_pretrained(${JSON.stringify(MODEL_ID)});
  model = await AutoModelForSeq2SeqLM.from_pretrained(${JSON.stringify(MODEL_ID)}, { device: 'wasm', dtype: precision });
};
globalThis.benchRelease = async () => {
  if (model) await model.dispose();
  model = undefined;
};
globalThis.benchRun = async (ids, settings) => {
  const n = ids.length;
  const input_ids = new Tensor('int64', BigInt64Array.from(ids, (x) => BigInt(x)), [1, n]);
  const attention_mask = new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
  const marks = [];
  const streamer = { put() { marks.push(performance.now()); }, end() {} };
  const t0 = performance.now();
  const sequences = await model.generate({
    input_ids, attention_mask, streamer, do_sample: false, num_beams: 1,
    max_new_tokens: settings.maxNewTokens, min_new_tokens: settings.minNewTokens,
  });
  const totalMs = performance.now() - t0;
  // sequences: [1, 1 + new tokens], starting with the decoder start token.
  const tokenIds = Array.from(sequences.data, Number).slice(1);
  const steps = marks.length - 2;
  const msPerToken = steps > 0 ? (marks[marks.length - 1] - marks[1]) / steps : 0;
  return {
    timings: { encoderMs: marks[0] - t0, firstTokenMs: marks[1] - t0, msPerToken, tokensPerSecond: msPerToken ? 1000 / msPerToken : 0, totalMs },
    tokens: tokenIds.join(','),
    text: tokenizer.decode(tokenIds, { skip_special_tokens: true }),
  };
};
`;

export interface TransformersRun { timings: GenerationTimings; tokens: string; text: string }
interface PageInfo { transformers: string; ortWeb?: string; defaultWasmPaths: unknown; crossOriginIsolated: boolean }

/** transformers.js in headless Chromium over one model folder. `open` installs it first when missing. */
export class TransformersT5 {
  /** Paths the page fetched, in order (model files, ORT's .wasm and glue). */
  private readonly served: string[];

  private constructor(private readonly browser: Browser, private readonly server: Server, private readonly page: Page, served: string[], readonly info: PageInfo) {
    this.served = served;
  }

  static async open(modelDir: string, log: (line: string) => void = console.log): Promise<TransformersT5> {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing`);
    ensureTransformers(log);
    const bundle = await esbuild.build({
      stdin: { contents: PAGE_ENTRY, resolveDir: PREFIX, loader: 'js', sourcefile: 'bench-transformers-page.js' },
      // Resolved from the install folder: transformers.js and its own onnxruntime-web, never the project's.
      absWorkingDir: PREFIX,
      bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
    });
    const js = bundle.outputFiles[0]!.contents;
    const served: string[] = [];
    const { server, port } = await serveBenchPage(js, { '/ort/': join(ORT_DIR, 'dist'), [`/models/${MODEL_ID}/`]: resolve(modelDir) }, served);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => 'benchRun' in globalThis, undefined, { timeout: 60_000 }).catch((e: Error) => {
        throw new Error(errors.length ? `page failed: ${errors.join('; ')}` : e.message);
      });
      const info = await page.evaluate(() => (globalThis as unknown as { benchInfo(): PageInfo }).benchInfo());
      return new TransformersT5(browser, server, page, served, info);
    } catch (e) {
      await browser?.close();
      await new Promise((ok) => server.close(ok));
      throw e;
    }
  }

  /** Loads (or reloads) the model at `precision`; returns the model files it fetched. */
  async load(precision: Precision): Promise<string[]> {
    const from = this.served.length;
    await this.page.evaluate((p) => (globalThis as unknown as { benchLoad(p: string): Promise<void> }).benchLoad(p), precision);
    return this.served.slice(from).filter((u) => u.startsWith('/models/')).map((u) => u.slice(`/models/${MODEL_ID}/`.length));
  }

  async run(ids: number[], settings: { maxNewTokens: number; minNewTokens: number }): Promise<TransformersRun> {
    type Run = (ids: number[], s: typeof settings) => Promise<TransformersRun>;
    return this.page.evaluate(([i, s]) => (globalThis as unknown as { benchRun: Run }).benchRun(i, s), [ids, settings] as const);
  }

  async release(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as { benchRelease(): Promise<void> }).benchRelease());
  }

  /** ORT's files the page fetched (.wasm and its glue), e.g. ['ort-wasm-simd-threaded.asyncify.wasm', ...]. */
  wasmFiles(): string[] {
    return [...new Set(this.served.filter((u) => u.startsWith('/ort/')).map((u) => u.slice('/ort/'.length)))];
  }

  /** One line: versions and the ORT files loaded. */
  describe(): string {
    const ort = versionOf(ORT_DIR);
    return `@huggingface/transformers ${this.info.transformers} (browser build) with its own onnxruntime-web ${this.info.ortWeb ?? ort}` +
      ` (entry onnxruntime-web/webgpu, WASM EP, 1 thread${this.info.crossOriginIsolated ? '' : ', not cross-origin isolated'}), loaded ${this.wasmFiles().join(' + ') || 'no ORT files'}`;
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await new Promise((ok) => this.server.close(ok));
    }
  }
}
