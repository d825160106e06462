// The per-run and per-load figures the panel shows, as text.
import type { GenerationTimings } from '../../../t5/index';
import type { Backend } from './workerMessages';

const ms = (x: number) => (x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

export function deviceLabel(backend: Backend, threads: number): string {
  return backend === 'webgpu' ? 'WebGPU' : `WASM, ${threads} thread${threads === 1 ? '' : 's'}`;
}

/** Label/value pairs of one run: device, load, encoder, first token, speed. */
export function runStats(device: string, loadMs: number, t: GenerationTimings, tokens: number): [string, string][] {
  return [
    ['Device', device],
    ['Model load', ms(loadMs)],
    ['Encoder', ms(t.encoderMs)],
    ['First token', ms(t.firstTokenMs)],
    ['Tokens/s', t.tokensPerSecond ? t.tokensPerSecond.toFixed(1) : '–'],
    ['Tokens', String(tokens)],
  ];
}

export function statsLine(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${k} ${v}`).join(' · ');
}
