// onnxruntime-web's WASM backend in Node (the same runtime the webview worker uses), one thread.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ortWeb from 'onnxruntime-web';
import type { Ort } from '../ort';

const WASM_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'];

/** Where onnxruntime-web's .wasm and its .mjs glue are: `wasmDir` if given, else the installed package's dist/. */
export function findOrtWasmDir(wasmDir?: string): string {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(wasmDir);
  else {
    // Next to a bundled CLI first (dist/ort/), then the installed package.
    candidates.push(join(__dirname, 'ort'));
    try {
      candidates.push(dirname(require.resolve('onnxruntime-web')));
    } catch {
      // not installed: only the bundled location is left
    }
  }
  const found = candidates.find((dir) => WASM_FILES.every((f) => existsSync(join(dir, f))));
  if (!found) throw new Error(`onnxruntime-web WASM files (${WASM_FILES.join(', ')}) not found in ${candidates.join(' or ')}`);
  return found;
}

let configured: string | undefined;

/** onnxruntime-web configured for Node: WASM backend, 1 thread, files from findOrtWasmDir. */
export function loadNodeOrt(wasmDir?: string): Ort {
  const dir = findOrtWasmDir(wasmDir);
  if (configured !== dir) {
    ortWeb.env.wasm.numThreads = 1;
    ortWeb.env.wasm.proxy = false;
    ortWeb.env.wasm.wasmPaths = pathToFileURL(dir + '/').href;
    ortWeb.env.logLevel = 'error';
    configured = dir;
  }
  return ortWeb;
}
