// Exploratory: would giving the LM head its own session without prepacking bring onnxruntime-web's decoding step
// near onnxruntime-node's? One with-past decoding step of the T5-small shape, timed three ways, interleaved:
//   A. the whole step in one session (web, as the runtime runs it today)
//   B. the body (the same decoder with an 8-token vocabulary: its head is negligible) + the real 512 x 32128 head in a
//      second session with prepacking disabled (web)
//   C. the whole step in onnxruntime-node.
import * as ortNode from 'onnxruntime-node';
import { loadNodeOrt } from '../t5/node/nodeOrt';
import type { Ort, OrtSession, OrtTensor } from '../t5/ort';
import { GraphBuilder, valueInfo } from './t5gen/graphBuilder';
import { DataType, encodeModel } from './t5gen/onnxProto';
import { PRESETS } from './t5gen/t5Config';
import { buildDecoder } from './t5gen/t5Graphs';
import { generateWeights } from './t5gen/t5Weights';

const PAST = 16;
const ENC = 32;

function feedsFor(ort: Ort, session: OrtSession): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = {};
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', BigInt64Array.of(5n), [1, 1]);
    else if (name === 'encoder_attention_mask') feeds[name] = new ort.Tensor('int64', new BigInt64Array(ENC).fill(1n), [1, ENC]);
    else if (name.startsWith('past_key_values')) {
      const len = name.includes('.decoder.') ? PAST : ENC;
      const data = new Float32Array(8 * len * 64).map((_, i) => Math.sin(i) * 0.1);
      feeds[name] = new ort.Tensor('float32', data, [1, 8, len, 64]);
    } else throw new Error(`unexpected input ${name}`);
  }
  return feeds;
}

async function main(): Promise<void> {
  const web = loadNodeOrt();
  const node = ortNode as unknown as Ort;
  const full = generateWeights(PRESETS.small, 1);
  const fullModel = buildDecoder(full, 'with-past', 'fp32');
  const body = generateWeights({ ...PRESETS.small, vocabSize: 8, tokenizerPieces: 4, extraIds: 4 }, 1);
  const bodyModel = buildDecoder(body, 'with-past', 'fp32');
  const g = new GraphBuilder('head');
  g.op1('Identity', [g.op1('MatMul', ['h', g.initializer('W', [full.lmHead.rows, full.lmHead.cols], full.lmHead.data)])], {}, 'logits');
  const headModel = encodeModel(g.toGraph([valueInfo('h', DataType.FLOAT, [1, 1, 512])], [valueInfo('logits', DataType.FLOAT)]));

  const opts = (ep: string, prepack = true) => ({
    executionProviders: [ep], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const,
    ...(prepack ? {} : { extra: { session: { disable_prepacking: '1' } } }),
  });
  const a = await web.InferenceSession.create(fullModel, opts('wasm'));
  const bBody = await web.InferenceSession.create(bodyModel, opts('wasm'));
  const bHead = await web.InferenceSession.create(headModel, opts('wasm', false));
  const bHeadPacked = await web.InferenceSession.create(headModel, opts('wasm'));
  const c = await node.InferenceSession.create(fullModel, opts('cpu'));
  const fa = feedsFor(web, a);
  const fb = feedsFor(web, bBody);
  const fc = feedsFor(node, c);
  const hidden = { h: new web.Tensor('float32', new Float32Array(512).map((_, i) => Math.cos(i) * 0.5), [1, 1, 512]) };
  const ways: [string, () => Promise<unknown>][] = [
    ['A web, one session', () => a.run(fa)],
    ['B web, body + unpacked head', async () => { await bBody.run(fb); await bHead.run(hidden); }],
    ['B\' web, body + prepacked head', async () => { await bBody.run(fb); await bHeadPacked.run(hidden); }],
    ['C node, one session', () => c.run(fc)],
  ];
  const times: number[][] = ways.map(() => []);
  const rounds = Number(process.env['ROUNDS'] ?? 40);
  for (let r = -20; r < rounds; r++) {
    for (let j = 0; j < ways.length; j++) {
      const i = (j + r + 20) % ways.length;
      const t0 = performance.now();
      for (let k = 0; k < 10; k++) await ways[i]![1]();
      if (r >= 0) times[i]!.push((performance.now() - t0) / 10);
    }
  }
  const stat = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return { min: s[0]!, med: s[s.length >> 1]! }; };
  const cMed = stat(times[3]!).med;
  ways.forEach(([name], i) => {
    const s = stat(times[i]!);
    console.log(`${name.padEnd(32)} step min ${s.min.toFixed(2)} med ${s.med.toFixed(2)} ms  (${(s.med / cMed).toFixed(2)}x node)`);
  });
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
