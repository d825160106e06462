// The page's side of the model worker: picks the device (WebGPU when asked and available, else WASM, saying
// why), fetches ORT's files and the model's files through their webview URIs, and hands the worker bytes and
// blob: URLs. Each load gets a fresh worker, so a failed or replaced model leaves nothing behind.
import type { GenerationSettings, GenerationTimings } from '../../../t5/index';
import type { DeviceSetting, ModelStatus, OrtFiles, RuntimeAssets } from '../../../contracts/playgroundMessages';
import type { Backend, FromWorker, ToWorker } from './workerMessages';

export type ReadyModel = Extract<ModelStatus, { kind: 'ready' }>;

export interface LoadReport {
  backend: Backend;
  threads: number;
  /** Why WebGPU is not used, when the setting asked for it (auto or webgpu). */
  fallback: string | null;
  layout: 'merged' | 'split';
  /** Fetching files + creating sessions, ms. */
  loadMs: number;
  bytes: number;
  configText: string | undefined;
}

export class ModelLoadError extends Error {
  constructor(message: string, readonly file?: string) {
    super(message);
  }
}

export interface RunOutcome {
  text: string;
  tokens: number;
  inputTokens: number;
  timings: GenerationTimings;
  stopped: boolean;
}

async function fetchBytes(uri: string, what: string): Promise<ArrayBuffer | undefined> {
  let res: Response;
  try {
    res = await fetch(uri);
  } catch (e) {
    throw new ModelLoadError(`${what}: cannot be read (${(e as Error).message})`, what);
  }
  if (res.status === 404) return undefined;
  if (!res.ok) throw new ModelLoadError(`${what}: cannot be read (HTTP ${res.status})`, what);
  return res.arrayBuffer();
}

/** null when WebGPU can be used, else why not. */
export async function webGpuUnavailableReason(assets: RuntimeAssets): Promise<string | null> {
  if (!assets.webgpu) return 'this build of TaskMix does not ship the WebGPU runtime';
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return 'navigator.gpu is not available in this webview';
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? null : 'no WebGPU adapter (navigator.gpu.requestAdapter() returned null)';
  } catch (e) {
    return `navigator.gpu.requestAdapter() failed (${(e as Error).message})`;
  }
}

/** Threads only where the page is cross-origin isolated (SharedArrayBuffer); VS Code webviews usually are not. */
export function threadCount(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

export class ModelRuntime {
  private worker: Worker | undefined;
  private workerUrl: string | undefined;
  private nextId = 1;
  private current: { id: number; onToken: (t: string) => void; onPreview?: (t: string) => void; resolve: (o: RunOutcome) => void; reject: (e: Error) => void } | undefined;
  private loadWaiter: ((m: FromWorker) => void) | undefined;

  constructor(private readonly assets: RuntimeAssets) {}

  private async workerScriptUrl(): Promise<string> {
    if (!this.workerUrl) {
      const bytes = await fetchBytes(this.assets.workerUri, 'playground-worker.js');
      if (!bytes) throw new ModelLoadError('the playground worker bundle is missing (dist/webview/playground-worker.js): rebuild the extension');
      this.workerUrl = URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
    }
    return this.workerUrl;
  }

  async load(model: ReadyModel, device: DeviceSetting): Promise<LoadReport> {
    const t0 = performance.now();
    let fallback: string | null = null;
    let backend: Backend = 'wasm';
    if (device !== 'wasm') {
      fallback = await webGpuUnavailableReason(this.assets);
      if (!fallback) backend = 'webgpu';
    }
    const files: Record<string, ArrayBuffer> = {};
    let bytes = 0;
    await Promise.all(
      model.files.map(async (path) => {
        const uri = model.baseUri + path.split('/').map(encodeURIComponent).join('/');
        const data = await fetchBytes(uri, path);
        if (data) {
          files[path] = data;
          bytes += data.byteLength;
        }
      }),
    );
    const configText = files['config.json'] ? new TextDecoder().decode(files['config.json']) : undefined;
    let loaded: Extract<FromWorker, { type: 'loaded' }>;
    try {
      loaded = await this.startWorker(backend, model, files);
    } catch (e) {
      if (backend !== 'webgpu') throw e;
      // WebGPU was there but onnxruntime could not use it: WASM runs the same model.
      fallback = `WebGPU failed (${(e as Error).message})`;
      backend = 'wasm';
      loaded = await this.startWorker(backend, model, files);
    }
    return { backend, threads: loaded.threads, fallback, layout: loaded.layout, loadMs: performance.now() - t0, bytes, configText };
  }

  private async startWorker(backend: Backend, model: ReadyModel, files: Record<string, ArrayBuffer>): Promise<Extract<FromWorker, { type: 'loaded' }>> {
    this.dispose();
    const ortFiles: OrtFiles = backend === 'webgpu' ? this.assets.webgpu! : this.assets.wasm;
    const [glue, wasm, script] = await Promise.all([
      fetchBytes(ortFiles.glueUri, 'ORT glue (.mjs)'),
      fetchBytes(ortFiles.binaryUri, 'ORT .wasm'),
      this.workerScriptUrl(),
    ]);
    if (!glue || !wasm) throw new ModelLoadError(`the onnxruntime-web files for ${backend} are missing from the extension (dist/ort/): rebuild it`);
    const glueUrl = URL.createObjectURL(new Blob([glue], { type: 'text/javascript' }));
    const worker = new Worker(script, { type: 'module', name: 'taskmix-t5' });
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.onWorkerMessage(e.data);
    worker.onerror = (e) => this.failAll(new ModelLoadError(`the model worker crashed: ${e.message || 'unknown error'}`));
    const loaded = new Promise<FromWorker>((resolve) => (this.loadWaiter = resolve));
    // Each worker gets its own copies: a WebGPU attempt that fails must leave the bytes for the WASM retry.
    const copies: Record<string, ArrayBuffer> = {};
    for (const [k, v] of Object.entries(files)) copies[k] = v.slice(0);
    const message: ToWorker = { type: 'load', backend, glueUrl, wasmBinary: wasm, numThreads: threadCount(), precision: model.precision, label: model.label, files: copies };
    worker.postMessage(message, [wasm, ...Object.values(copies)]);
    const reply = await loaded;
    if (reply.type !== 'loaded') {
      const failed = reply as Extract<FromWorker, { type: 'loadFailed' }>;
      this.dispose();
      throw new ModelLoadError(failed.message, failed.file);
    }
    return reply;
  }

  private onWorkerMessage(m: FromWorker): void {
    switch (m.type) {
      case 'loaded':
      case 'loadFailed': {
        const waiter = this.loadWaiter;
        this.loadWaiter = undefined;
        waiter?.(m);
        return;
      }
      case 'token':
        if (this.current?.id === m.id) this.current.onToken(m.text);
        return;
      case 'preview':
        if (this.current?.id === m.id) this.current.onPreview?.(m.text);
        return;
      case 'done':
        if (this.current?.id === m.id) {
          const c = this.current;
          this.current = undefined;
          c.resolve({ text: m.text, tokens: m.tokens, inputTokens: m.inputTokens, timings: m.timings, stopped: m.stopped });
        }
        return;
      case 'runFailed':
        if (this.current?.id === m.id) {
          const c = this.current;
          this.current = undefined;
          c.reject(new Error(m.message));
        }
        return;
    }
  }

  private failAll(e: Error): void {
    const waiter = this.loadWaiter;
    this.loadWaiter = undefined;
    waiter?.({ type: 'loadFailed', message: e.message });
    const c = this.current;
    this.current = undefined;
    c?.reject(e);
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  /** onToken streams the result's text piece by piece; onPreview (beam search) gives the best text so far, whole. */
  run(prompt: string, settings: Partial<GenerationSettings>, onToken: (text: string) => void, onPreview?: (text: string) => void): Promise<RunOutcome> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the model is not loaded'));
    if (this.current) return Promise.reject(new Error('a run is already going'));
    const id = this.nextId++;
    return new Promise<RunOutcome>((resolve, reject) => {
      this.current = { id, onToken, onPreview, resolve, reject };
      const message: ToWorker = { type: 'run', id, prompt, settings };
      worker.postMessage(message);
    });
  }

  stop(): void {
    if (this.current && this.worker) {
      const message: ToWorker = { type: 'stop', id: this.current.id };
      this.worker.postMessage(message);
    }
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the model was unloaded'));
  }
}
