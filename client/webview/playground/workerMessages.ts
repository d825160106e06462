// Messages between the playground page and its Web Worker (which runs onnxruntime-web and the T5 loop). The page
// sends bytes and blob: URLs only: code in the worker never fetches a webview URI.
import type { GenerationSettings, GenerationTimings } from '../../../t5/index';
import type { T5ErrorCode } from '../../../t5/errors';

export type Backend = 'wasm' | 'webgpu';

export type ToWorker =
  | {
      type: 'load';
      backend: Backend;
      /** blob: URL of ORT's Emscripten glue (.mjs) for this backend. */
      glueUrl: string;
      wasmBinary: ArrayBuffer;
      numThreads: number;
      precision: 'fp32' | 'q8';
      label: string;
      /** Model files by their path in the folder; a missing file is simply absent. */
      files: Record<string, ArrayBuffer>;
    }
  | { type: 'run'; id: number; prompt: string; settings: Partial<GenerationSettings> }
  | { type: 'stop'; id: number };

export type FromWorker =
  | { type: 'loaded'; backend: Backend; threads: number; layout: 'merged' | 'split'; sessionMs: number }
  | { type: 'loadFailed'; message: string; code?: T5ErrorCode; file?: string }
  | { type: 'token'; id: number; text: string }
  /** Beam search: the best hypothesis so far, whole (it replaces the previous preview). */
  | { type: 'preview'; id: number; text: string }
  | { type: 'done'; id: number; text: string; tokens: number; inputTokens: number; timings: GenerationTimings; stopped: boolean }
  | { type: 'runFailed'; id: number; message: string };
