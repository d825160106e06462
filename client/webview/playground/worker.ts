// The playground's Web Worker: onnxruntime-web (WASM, or WebGPU through its own entry) and the T5 loop, so the
// page stays responsive while a model loads and generates. Everything arrives as bytes or blob: URLs.
import * as ortWasm from 'onnxruntime-web/wasm';
import { T5ModelError } from '../../../t5/errors';
import { generate } from '../../../t5/generate';
import { bytesModelSource } from '../../../t5/modelSource';
import { T5OnnxModel } from '../../../t5/model';
import type { Ort } from '../../../t5/ort';
import type { FromWorker, ToWorker } from './workerMessages';
import { yieldingOrt } from './yieldingOrt';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: FromWorker) => scope.postMessage(m);

type OrtModule = typeof ortWasm;

let model: T5OnnxModel | undefined;
const stopped = new Set<number>();
// Runs one at a time: a run that arrives while another is going waits its turn.
let queue: Promise<void> = Promise.resolve();

async function ortFor(backend: 'wasm' | 'webgpu'): Promise<OrtModule> {
  return backend === 'webgpu' ? ((await import('onnxruntime-web/webgpu')) as unknown as OrtModule) : ortWasm;
}

async function load(m: Extract<ToWorker, { type: 'load' }>): Promise<void> {
  const t0 = performance.now();
  try {
    const ort = await ortFor(m.backend);
    ort.env.wasm.wasmPaths = { mjs: m.glueUrl };
    ort.env.wasm.wasmBinary = m.wasmBinary;
    ort.env.wasm.numThreads = m.numThreads;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    const source = bytesModelSource(m.files, m.label);
    model = await T5OnnxModel.load(yieldingOrt(ort as unknown as Ort), source, {
      precision: m.precision,
      // Severity 3 (errors): WebGPU's "some nodes were not assigned" notes are expected, not the user's problem.
      sessionOptions: { executionProviders: [m.backend], logSeverityLevel: 3 },
    });
    post({ type: 'loaded', backend: m.backend, threads: ort.env.wasm.numThreads ?? m.numThreads, layout: model.layout, sessionMs: performance.now() - t0 });
  } catch (e) {
    if (e instanceof T5ModelError) post({ type: 'loadFailed', message: e.message, code: e.code, ...(e.file ? { file: e.file } : {}) });
    else post({ type: 'loadFailed', message: `onnxruntime (${m.backend}) failed to start: ${errorText(e)}` });
  }
}

function errorText(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 400);
}

async function run(m: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  if (!model) return post({ type: 'runFailed', id: m.id, message: 'the model is not loaded' });
  try {
    const result = await generate(model, m.prompt, m.settings, {
      onToken: (_id, text) => {
        if (text) post({ type: 'token', id: m.id, text });
      },
      onPreview: (text) => post({ type: 'preview', id: m.id, text }),
      shouldStop: () => stopped.has(m.id),
    });
    const out = result.outputs[0]!;
    post({ type: 'done', id: m.id, text: out.text, tokens: out.tokenIds.length, inputTokens: result.inputIds.length, timings: result.timings, stopped: stopped.has(m.id) });
  } catch (e) {
    post({ type: 'runFailed', id: m.id, message: e instanceof T5ModelError ? e.message : errorText(e) });
  } finally {
    stopped.delete(m.id);
  }
}

scope.addEventListener('message', (e) => {
  const m = e.data;
  switch (m.type) {
    case 'load':
      queue = queue.then(() => load(m));
      return;
    case 'run':
      queue = queue.then(() => run(m));
      return;
    case 'stop':
      stopped.add(m.id);
      return;
  }
});
