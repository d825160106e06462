// npm run bench:t5 — our runtime (onnxruntime-web WASM, 1 thread) against onnxruntime-node (1 thread), running
// the same generation loop with the same session options on the same files: a generated T5-small-shaped model,
// 32-token input, 32 new tokens, fp32 and q8. Both runtimes are loaded at once and their runs interleave (the
// order alternating each round), so that load from other processes on a shared machine hits both alike; the
// ratios are taken per round, and their median and spread printed.
// Env: BENCH_T5_REPS (rounds, default 7), BENCH_T5_LAYOUT=split, BENCH_T5_PRECISIONS=fp32,q8,
// BENCH_T5_DIR (a model folder to use as is, e.g. one written with another --q8-scheme).
// transformers.js (scripts/bench-t5-transformers.ts, installed on demand into .cache/bench-transformers) runs in
// headless Chromium too, in the same interleaved rounds; BENCH_T5_TRANSFORMERS=0 skips it.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import * as ortNode from 'onnxruntime-node';
import { generate, type GenerationTimings } from '../t5/generate';
import { T5OnnxModel, type Precision } from '../t5/model';
import { dirModelSource } from '../t5/node/dirModelSource';
import { loadNodeOrt } from '../t5/node/nodeOrt';
import type { Ort } from '../t5/ort';
import { parseT5Config } from '../t5/config';
import { T5Tokenizer } from '../t5/tokenizer';
import { ChromiumT5, CHROMIUM } from './bench-t5-chromium';
import { TransformersT5, ensureTransformers } from './bench-t5-transformers';
import { DEFAULT_Q8_SCHEME } from './t5gen/weightOps';
import { writeT5Model } from './t5gen/writeModel';

const DIR = process.env['BENCH_T5_DIR'] ?? '.cache/t5-small';
const SEED = 1;
// Bump when scripts/t5gen changes what it writes, so the cached model is regenerated.
const GENERATOR_VERSION = 3;
const REPS = Number(process.env['BENCH_T5_REPS'] ?? 7);
// The first runs of a WASM module execute V8's baseline code until its optimizing tier catches up: not measured.
const WARMUPS = 2;
const LAYOUT = process.env['BENCH_T5_LAYOUT'] === 'split' ? 'split' : 'merged';
const PRECISIONS = (process.env['BENCH_T5_PRECISIONS'] ?? 'fp32,q8').split(',').filter((p): p is Precision => p === 'fp32' || p === 'q8');
/** What esbuild.mjs copies to dist/ort for the .vsix. */
const SHIPPED_ORT_FILES = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.asyncify.wasm', 'ort-wasm-simd-threaded.asyncify.mjs'];

function ensureSmallModel(): void {
  if (process.env['BENCH_T5_DIR']) return;
  const stamp = join(DIR, 'generated.json');
  const want = JSON.stringify({ preset: 'small', seed: SEED, generatorVersion: GENERATOR_VERSION, q8Scheme: DEFAULT_Q8_SCHEME });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  const t0 = performance.now();
  writeT5Model(DIR, { preset: 'small', seed: SEED });
  writeFileSync(stamp, want);
  console.log(`generated ${DIR} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** CPU ms (encoder alone; per decoder step) of a loop in this process: unlike wall time, not inflated while
 * other processes hold the cores, so its ratios are steadier on a shared machine. */
interface CpuTimings { encoderMs: number; msPerToken: number }
interface Run { timings: GenerationTimings; tokens: string; cpu?: CpuTimings }
interface Contender {
  name: string;
  load(precision: Precision): Promise<void>;
  run(ids: number[]): Promise<Run>;
  release(): Promise<void>;
  runs: GenerationTimings[];
  cpu: CpuTimings[];
  loadMs: number;
  tokens: string;
}
const SETTINGS = { maxNewTokens: 32, minNewTokens: 32 };
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The loop in this Node process over `ort`; the execution provider must be named: both packages register their
 * backends in the one onnxruntime-common they share, where onnxruntime-node's 'cpu' outranks WASM. */
function inProcess(name: string, ort: Ort, executionProviders: string[]): Contender {
  let model: T5OnnxModel | undefined;
  return {
    name, runs: [], cpu: [], loadMs: 0, tokens: '',
    async load(precision) {
      // The runtime's own session defaults (T5OnnxModel.load) plus one thread; onnxruntime-web's WASM threads are
      // set by loadNodeOrt, also one.
      const sessionOptions = { executionProviders, intraOpNumThreads: 1, interOpNumThreads: 1 };
      model = await T5OnnxModel.load(ort, dirModelSource(DIR), { precision, layout: LAYOUT, sessionOptions });
    },
    async run(ids) {
      let t = cpuMs();
      const r = await generate(model!, ids, SETTINGS);
      const all = cpuMs() - t;
      t = cpuMs();
      await model!.encode(ids, 1);
      const encoderMs = cpuMs() - t;
      t = cpuMs();
      await generate(model!, ids, { maxNewTokens: 1 });
      // 32 new tokens minus 1: the encoder and the first step cancel out.
      const cpu = { encoderMs, msPerToken: (all - (cpuMs() - t)) / (SETTINGS.maxNewTokens - 1) };
      return { timings: r.timings, tokens: r.outputs[0]!.tokenIds.join(','), cpu };
    },
    release: async () => model?.release(),
  };
}

function inChromium(browser: ChromiumT5): Contender {
  return {
    name: 'web WASM, Chromium', runs: [], cpu: [], loadMs: 0, tokens: '',
    load: (precision) => browser.load(precision, LAYOUT),
    run: (ids) => browser.run(ids, SETTINGS),
    release: async () => undefined,
  };
}

// In headless Chromium, like 'web WASM, Chromium' (the name fits the table's column).
const TRANSFORMERS_NAME = 'transformers.js';

function inTransformers(t: TransformersT5, filesRead: Map<Precision, string[]>): Contender {
  return {
    name: TRANSFORMERS_NAME, runs: [], cpu: [], loadMs: 0, tokens: '',
    load: async (precision) => void filesRead.set(precision, await t.load(precision)),
    run: (ids) => t.run(ids, SETTINGS),
    release: () => t.release(),
  };
}

/** transformers.js opened, or why not; never throws. */
async function openTransformers(browser: ChromiumT5 | undefined): Promise<{ t?: TransformersT5; note: string }> {
  if (process.env['BENCH_T5_TRANSFORMERS'] === '0') return { note: 'skipped (BENCH_T5_TRANSFORMERS=0)' };
  if (!browser) return { note: 'not compared (it runs in Chromium, and the Chromium leg is skipped)' };
  try {
    ensureTransformers();
  } catch (e) {
    return { note: `not installed (${(e as Error).message})` };
  }
  try {
    return { t: await TransformersT5.open(DIR), note: '' };
  } catch (e) {
    return { note: `not compared: it failed to start (${(e as Error).message})` };
  }
}

const f = (x: number) => x.toFixed(1).padStart(8);
/** Says so when every generated token is the same id: equal outputs then check little. */
const sameToken = (tokens: string) => {
  const ids = new Set(tokens.split(','));
  return ids.size === 1 ? `, every one id ${[...ids][0]}: a weak check` : '';
};

async function benchPrecision(precision: Precision, contenders: Contender[], ids: number[], rows: string[]): Promise<boolean> {
  for (const c of contenders) {
    c.runs = [];
    c.cpu = [];
    c.tokens = '';
    const t0 = performance.now();
    await c.load(precision);
    c.loadMs = performance.now() - t0;
  }
  for (const c of contenders) for (let i = 0; i < WARMUPS; i++) await c.run(ids);
  for (let round = 0; round < REPS; round++) {
    for (const c of round % 2 ? [...contenders].reverse() : contenders) {
      const r = await c.run(ids);
      c.runs.push(r.timings);
      if (r.cpu) c.cpu.push(r.cpu);
      c.tokens ||= r.tokens;
    }
  }
  for (const c of contenders) await c.release();

  const pick = (c: Contender, k: keyof GenerationTimings) => median(c.runs.map((t) => t[k]));
  for (const c of contenders) rows.push(`${precision.padEnd(5)} ${c.name.padEnd(22)}${f(c.loadMs)} ${f(pick(c, 'encoderMs'))} ${f(pick(c, 'firstTokenMs'))} ${f(pick(c, 'msPerToken'))}`);
  const native = contenders[contenders.length - 1]!;
  let ok = true;
  for (const w of contenders.slice(0, -1).filter((c) => c.name !== TRANSFORMERS_NAME)) {
    const ratio = (k: keyof GenerationTimings) => {
      const perRound = sorted(w.runs.map((t, i) => t[k] / native.runs[i]![k]));
      return { median: median(perRound), text: `${median(perRound).toFixed(2)}x [${perRound[0]!.toFixed(2)}-${perRound[perRound.length - 1]!.toFixed(2)}]` };
    };
    let cpuRow: string | undefined;
    if (w.cpu.length && native.cpu.length) {
      const cpuRatio = (k: keyof CpuTimings) => {
        const perRound = sorted(w.cpu.map((t, i) => t[k] / native.cpu[i]![k]));
        return `${median(perRound).toFixed(2)}x [${perRound[0]!.toFixed(2)}-${perRound[perRound.length - 1]!.toFixed(2)}]`;
      };
      const ms = (c: Contender, k: keyof CpuTimings) => median(c.cpu.map((t) => t[k])).toFixed(1);
      cpuRow = (`${precision.padEnd(5)}   same in CPU time: encoder ${ms(w, 'encoderMs')} / ${ms(native, 'encoderMs')} ms = ${cpuRatio('encoderMs')},` +
        ` ms/token ${ms(w, 'msPerToken')} / ${ms(native, 'msPerToken')} = ${cpuRatio('msPerToken')}`);
    }
    const perToken = ratio('msPerToken');
    const encoder = ratio('encoderMs');
    const met = perToken.median <= 1.15 && (precision !== 'q8' || encoder.median <= 2);
    rows.push(`${precision.padEnd(5)}   ${w.name} / node, median [min-max] of rounds: encoder ${encoder.text}, first token ${ratio('firstTokenMs').text}, ms/token ${perToken.text}` +
      ` -> ms/token <= 1.15x ${perToken.median <= 1.15 ? 'met' : 'MISSED'}${precision === 'q8' ? `, encoder <= 2x ${encoder.median <= 2 ? 'met' : 'MISSED'}` : ''}` +
      `${w.tokens === native.tokens ? '' : ' (greedy tokens differ from node\'s)'}`);
    if (cpuRow) rows.push(cpuRow);
    ok &&= met;
  }
  const tjs = contenders.find((c) => c.name === TRANSFORMERS_NAME);
  const ours = contenders.find((c) => c.name === 'web WASM, Chromium');
  if (tjs && ours) {
    // How many times faster ours is, per round: transformers.js's time over ours.
    const faster = (k: keyof GenerationTimings) => sorted(ours.runs.map((t, i) => tjs.runs[i]![k] / t[k]));
    const text = (xs: number[]) => `${median(xs).toFixed(2)}x [${xs[0]!.toFixed(2)}-${xs[xs.length - 1]!.toFixed(2)}]`;
    const perToken = faster('msPerToken');
    const met = median(perToken) >= 1.3;
    rows.push(`${precision.padEnd(5)}   ours (Chromium) / transformers.js per token: ${text(perToken).replace('x ', 'x faster ')} -> >= 1.3x ${met ? 'met' : 'MISSED'}` +
      ` (encoder ${text(faster('encoderMs'))}, first token ${text(faster('firstTokenMs'))} faster;` +
      ` greedy tokens ${tjs.tokens === ours.tokens ? 'equal ours' : 'DIFFER from ours'}${sameToken(ours.tokens)})`);
    ok &&= met;
  }
  return ok;
}

function shippedOrtSize(): string {
  const dir = ['dist/ort', 'node_modules/onnxruntime-web/dist'].find((d) => SHIPPED_ORT_FILES.every((f) => existsSync(join(d, f))));
  if (!dir) return 'ORT files not found';
  let raw = 0;
  let zipped = 0;
  for (const f of SHIPPED_ORT_FILES) {
    const p = join(dir, f);
    raw += statSync(p).size;
    zipped += deflateRawSync(readFileSync(p)).length;
  }
  const mb = (x: number) => (x / 2 ** 20).toFixed(1);
  return `${mb(raw)} MiB (${mb(zipped)} MiB deflated, as in the .vsix) for ${SHIPPED_ORT_FILES.join(', ')}`;
}

async function main(): Promise<void> {
  // V8's default dynamic tiering is kept: it moves the hot WASM functions to the optimizing tier within a run or
  // two. Setting --no-wasm-dynamic-tiering at run time (as this script once did) left onnxruntime-web on baseline
  // code for seconds while the whole 14 MB module compiled in the background: single MatMuls ran up to 10x slow.
  ensureSmallModel();
  const before = loadavg()[0]!;
  const browser = existsSync(CHROMIUM) && process.env['BENCH_T5_CHROMIUM'] !== '0' ? await ChromiumT5.open(DIR) : undefined;
  const transformers = await openTransformers(browser);
  const transformersFiles = new Map<Precision, string[]>();
  // onnxruntime-node last: the ratios are taken against it.
  const contenders = [
    inProcess('web WASM, Node', loadNodeOrt(), ['wasm']),
    ...(browser ? [inChromium(browser)] : []),
    ...(transformers.t ? [inTransformers(transformers.t, transformersFiles)] : []),
    inProcess('onnxruntime-node', ortNode as unknown as Ort, ['cpu']),
  ];
  const rows: string[] = [];
  let ok = true;
  try {
    const text = (name: string) => readFileSync(join(DIR, name), 'utf8');
    const config = parseT5Config(text('config.json'));
    const tokenizer = T5Tokenizer.create(text('tokenizer.json'), text('tokenizer_config.json'), config);
    const words = 'summarize: the mixture rate of each task in the model is good and the data was sampled at a rate that';
    const ids = tokenizer.encode(words.repeat(4)).slice(0, 31).concat(config.eosTokenIds[0]!);
    for (const precision of PRECISIONS) ok = (await benchPrecision(precision, contenders, ids, rows)) && ok;
  } finally {
    try {
      await transformers.t?.close();
    } finally {
      await browser?.close();
    }
  }
  console.log(`T5-small shape (${DIR}), 32-token input, 32 new tokens, greedy, ${LAYOUT} decoder, 1 thread, ${WARMUPS} warm-up runs,` +
    ` median of ${REPS} interleaved rounds (wall clock); load average ${before.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`);
  console.log(`${''.padEnd(28)}load ms  encoder  1st tok  ms/token`);
  for (const r of rows) console.log(r);
  console.log(`runtime added to the .vsix (dist/ort): ${shippedOrtSize()}`);
  if (transformers.t) {
    const read = [...transformersFiles].map(([p, files]) => `${p}: ${files.filter((x) => x.endsWith('.onnx')).map((x) => x.replace(/^onnx\//, '')).join(' + ')}`);
    console.log(`transformers.js: ${transformers.t.describe()}; model files read: ${read.join('; ')}`);
  } else console.log(`transformers.js: ${transformers.note}`);
  if (!browser) console.log(`Chromium leg skipped (${CHROMIUM} missing or BENCH_T5_CHROMIUM=0)`);
  if (!ok) console.log('some targets missed (see above)');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
