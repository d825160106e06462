// npm run bench:t5 — our runtime (onnxruntime-web WASM, 1 thread) against onnxruntime-node (1 thread), running
// the same generation loop on the same files: a generated T5-small-shaped model, 32-token input, 32 new tokens,
// fp32 and q8. Prints encoder ms, time to first token, ms per token, and the ratios against the targets.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { generate, type GenerationResult, type GenerationTimings } from '../client/src/t5/generate';
import { T5OnnxModel, type Precision } from '../client/src/t5/model';
import { dirModelSource } from '../client/src/t5/node/dirModelSource';
import { loadNodeOrt } from '../client/src/t5/node/nodeOrt';
import type { Ort, OrtSessionOptions } from '../client/src/t5/ort';
import { writeT5Model } from './t5gen/writeModel';

const DIR = '.cache/t5-small';
const SEED = 1;
const GENERATOR_VERSION = 1;
const REPS = Number(process.env['BENCH_T5_REPS'] ?? 3);
const LAYOUT = process.env['BENCH_T5_LAYOUT'] === 'split' ? 'split' : 'merged';
const PRECISIONS = (process.env['BENCH_T5_PRECISIONS'] ?? 'fp32,q8').split(',').filter((p): p is Precision => p === 'fp32' || p === 'q8');

function ensureSmallModel(): void {
  const stamp = join(DIR, 'generated.json');
  // Bump GENERATOR_VERSION when scripts/t5gen changes what it writes.
  const want = JSON.stringify({ preset: 'small', seed: SEED, generatorVersion: GENERATOR_VERSION });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  const t0 = performance.now();
  writeT5Model(DIR, { preset: 'small', seed: SEED });
  writeFileSync(stamp, want);
  console.log(`generated ${DIR} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(ort: Ort, sessionOptions: OrtSessionOptions, precision: Precision): Promise<GenerationTimings & { loadMs: number; tokens: string }> {
  const t0 = performance.now();
  const model = await T5OnnxModel.load(ort, dirModelSource(DIR), { precision, layout: LAYOUT, sessionOptions });
  const loadMs = performance.now() - t0;
  const words = 'summarize: the mixture rate of each task in the model is good and the data was sampled at a rate that';
  const ids = model.tokenizer.encode(words.repeat(4)).slice(0, 31).concat(model.config.eosTokenIds[0]!);
  const settings = { maxNewTokens: 32, minNewTokens: 32 };
  await generate(model, ids, settings); // warm-up
  const runs: GenerationResult[] = [];
  for (let i = 0; i < REPS; i++) runs.push(await generate(model, ids, settings));
  await model.release();
  const pick = (f: (t: GenerationTimings) => number) => median(runs.map((r) => f(r.timings)));
  const ms = pick((t) => t.msPerToken);
  return {
    loadMs,
    encoderMs: pick((t) => t.encoderMs),
    firstTokenMs: pick((t) => t.firstTokenMs),
    msPerToken: ms,
    tokensPerSecond: 1000 / ms,
    totalMs: pick((t) => t.totalMs),
    tokens: runs[0]!.outputs[0]!.tokenIds.join(','),
  };
}

async function main(): Promise<void> {
  ensureSmallModel();
  const web = loadNodeOrt();
  const node = ortNode as unknown as Ort;
  const rows: string[] = [];
  let ok = true;
  for (const precision of PRECISIONS) {
    const w = await measure(web, { executionProviders: ['wasm'] }, precision);
    const n = await measure(node, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 }, precision);
    const f = (x: number) => x.toFixed(1).padStart(8);
    rows.push(`${precision.padEnd(5)} onnxruntime-web WASM ${f(w.loadMs)} ${f(w.encoderMs)} ${f(w.firstTokenMs)} ${f(w.msPerToken)}`);
    rows.push(`${precision.padEnd(5)} onnxruntime-node     ${f(n.loadMs)} ${f(n.encoderMs)} ${f(n.firstTokenMs)} ${f(n.msPerToken)}`);
    const perToken = w.msPerToken / n.msPerToken;
    const encoder = w.encoderMs / n.encoderMs;
    rows.push(`${precision.padEnd(5)} ratio web/node: encoder ${encoder.toFixed(2)}x, first token ${(w.firstTokenMs / n.firstTokenMs).toFixed(2)}x, ms/token ${perToken.toFixed(2)}x` +
      ` (target ms/token <= 1.15x: ${perToken <= 1.15 ? 'met' : 'MISSED'}${precision === 'q8' ? `; encoder <= 2x: ${encoder <= 2 ? 'met' : 'MISSED'}` : ''})` +
      `${w.tokens === n.tokens ? '' : '; note: greedy tokens differ between runtimes'}`);
    ok &&= perToken <= 1.15 && (precision !== 'q8' || encoder <= 2);
  }
  console.log(`T5-small shape (${DIR}), 32-token input, 32 new tokens, greedy, ${LAYOUT} decoder, 1 thread, median of ${REPS}`);
  console.log('                           load ms  encoder  1st tok  ms/token');
  for (const r of rows) console.log(r);
  if (!ok) console.log('some targets missed (see above)');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
