// npm run prof:t5-ops: where onnxruntime-web's WASM build is slower than onnxruntime-node, op by op. Single-op graphs
// with the shapes of a T5-small step (one row: a decoding step; 32 rows: the encoder over 32 tokens), fp32 and q8
// (the MatMulInteger form our q8 files use), plus a chain of 360 tiny ops (about a decoder step's node count) for
// the per-node cost. Same session options, 1 thread, each timed as the median of REPS runs after WARMUPS.
// Warm-up matters: V8 runs onnxruntime-web's WASM on its baseline tier until the hot functions are tiered up (and
// setting --no-wasm-dynamic-tiering makes that take seconds), so short runs of a fresh kernel look several x slow.
// Env: REPS (default 200), CASES (comma-separated indexes into the printed list).
import * as ortNode from 'onnxruntime-node';
import { loadNodeOrt } from '../t5/node/nodeOrt';
import type { Ort, OrtTensor } from '../t5/ort';
import { GraphBuilder, valueInfo } from './t5gen/graphBuilder';
import { DataType, encodeModel } from './t5gen/onnxProto';
import { mulberry32 } from '../contracts/random';
import { WeightOps } from './t5gen/weightOps';

const REPS = Number(process.env['REPS'] ?? 200);
const WARMUPS = 30;

function values(n: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (random() - 0.5) * 0.1;
  return a;
}

interface Case { name: string; model: Uint8Array; rows: number; width: number }

function single(name: string, rows: number, width: number, body: (g: GraphBuilder) => string): Case {
  const g = new GraphBuilder('g');
  g.op1('Identity', [body(g)], {}, 'y');
  return { name, rows, width, model: encodeModel(g.toGraph([valueInfo('x', DataType.FLOAT, [1, rows, width])], [valueInfo('y', DataType.FLOAT)])) };
}

const fp32 = (m: number, k: number, n: number) => single(`fp32 ${m}x${k} @ ${k}x${n}`, m, k, (g) => g.op1('MatMul', ['x', g.initializer('W', [k, n], values(k * n, 3))]));
const q8 = (m: number, k: number, n: number) =>
  single(`q8   ${m}x${k} @ ${k}x${n}`, m, k, (g) => new WeightOps(g, 'q8').linear(g, 'x', 'W', { rows: k, cols: n, data: values(k * n, 3) }));
const chain = (n: number) =>
  single(`${n} x Add, 512 floats each`, 1, 512, (g) => {
    const b = g.initializer('B', [512], values(512, 4));
    let x = 'x';
    for (let i = 0; i < n; i++) x = g.op1('Add', [x, b]);
    return x;
  });

const CASES: Case[] = [
  fp32(1, 512, 32128), fp32(1, 512, 2048), fp32(1, 2048, 512), fp32(1, 512, 512), fp32(32, 512, 2048), fp32(32, 2048, 512),
  q8(1, 512, 32128), q8(1, 512, 2048), q8(1, 2048, 512), q8(32, 512, 2048), q8(32, 2048, 512),
  chain(360),
];

async function time(ort: Ort, ep: string, c: Case): Promise<number> {
  const s = await ort.InferenceSession.create(c.model, { executionProviders: [ep], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  try {
    const feeds: Record<string, OrtTensor> = { x: new ort.Tensor('float32', values(c.rows * c.width, 2), [1, c.rows, c.width]) };
    for (let i = 0; i < WARMUPS; i++) await s.run(feeds);
    const times: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t = performance.now();
      await s.run(feeds);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  } finally {
    await s.release();
  }
}

async function main(): Promise<void> {
  const web = loadNodeOrt();
  const node = ortNode as unknown as Ort;
  const picked = process.env['CASES']?.split(',').map(Number) ?? CASES.map((_, i) => i);
  // A first pass, not printed: the first kernels measured in a fresh process were still up to 2.5x slow after
  // hundreds of runs, as V8 was still tiering up.
  for (const i of picked) await time(web, 'wasm', CASES[i]!);
  console.log(`median of ${REPS} runs after ${WARMUPS} warm-ups, 1 thread; onnxruntime-web WASM (in Node) vs onnxruntime-node`);
  console.log(`${'#'.padStart(2)} ${'op'.padEnd(26)} ${'web ms'.padStart(8)} ${'node ms'.padStart(8)}  web/node`);
  for (const i of picked) {
    const c = CASES[i]!;
    const a = await time(web, 'wasm', c);
    const b = await time(node, 'cpu', c);
    console.log(`${String(i).padStart(2)} ${c.name.padEnd(26)} ${a.toFixed(3).padStart(8)} ${b.toFixed(3).padStart(8)}  ${(a / b).toFixed(2)}x`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
