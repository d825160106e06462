// The generation loop on the tiny T5 through onnxruntime-web (WASM) in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beamSearch, generate } from '../../t5/generate';
import { argmax, bannedNgramTokens } from '../../t5/logitsProcessing';
import { T5OnnxModel, type DecoderLayout, type Precision } from '../../t5/model';
import { dirModelSource } from '../../t5/node/dirModelSource';
import { loadNodeOrt } from '../../t5/node/nodeOrt';
import { resolveSettings } from '../../t5/settings';
import { ensureTinyT5, TINY_DIR } from './helpers/t5Fixture';

ensureTinyT5();
const ort = loadNodeOrt();
const models = new Map<string, Promise<T5OnnxModel>>();
const load = (layout: DecoderLayout = 'merged', precision: Precision = 'fp32') => {
  const key = `${layout}/${precision}`;
  if (!models.has(key)) models.set(key, T5OnnxModel.load(ort, dirModelSource(TINY_DIR), { layout, precision }));
  return models.get(key)!;
};
const PROMPTS = ['summarize: the model is good', 'translate English to German: yes', 'question: what is data?'];

test.after(async () => {
  for (const m of models.values()) await (await m).release();
});

test('cached decoding gives the same tokens as full recomputation (fp32)', async () => {
  const model = await load();
  for (const prompt of PROMPTS) {
    const cached = await generate(model, prompt, { maxNewTokens: 10 });
    const enc = await model.encode(model.tokenizer.encode(prompt));
    const sequence = [model.config.decoderStartTokenId];
    for (let i = 0; i < 10; i++) {
      const { logits } = await model.step(enc, model.emptyCache(1), [sequence]);
      logits.fill(-Infinity, model.tokenizer.vocabSize);
      sequence.push(argmax(logits));
      if (sequence[sequence.length - 1] === 1) break;
    }
    assert.deepEqual(cached.outputs[0]!.tokenIds, sequence.slice(1), prompt);
    assert.ok(new Set(sequence.slice(1)).size > 2, `the tiny model's output varies: ${sequence}`);
  }
});

test('beam search with one beam equals greedy', async () => {
  const model = await load();
  for (const prompt of PROMPTS) {
    const greedy = await generate(model, prompt, { maxNewTokens: 12 });
    const beam = await beamSearch(model, model.tokenizer.encode(prompt), resolveSettings({ maxNewTokens: 12, numBeams: 1 }));
    assert.deepEqual(beam.outputs[0]!.tokenIds, greedy.outputs[0]!.tokenIds, prompt);
  }
});

test('beam search with more beams finds a sequence at least as likely as greedy', async () => {
  const model = await load();
  const logprob = async (ids: number[], prompt: string) => {
    const enc = await model.encode(model.tokenizer.encode(prompt));
    const cache = model.emptyCache(1);
    let total = 0;
    let prev = model.config.decoderStartTokenId;
    for (const id of ids) {
      const { logits } = await model.step(enc, cache, [[prev]]);
      logits.fill(-Infinity, model.tokenizer.vocabSize);
      let max = -Infinity;
      for (const v of logits) max = Math.max(max, v);
      let sum = 0;
      for (const v of logits) sum += Math.exp(v - max);
      total += logits[id]! - max - Math.log(sum);
      prev = id;
    }
    return total;
  };
  const prompt = PROMPTS[0]!;
  const greedy = await generate(model, prompt, { maxNewTokens: 8 });
  const beam = await generate(model, prompt, { maxNewTokens: 8, numBeams: 4, lengthPenalty: 0 });
  assert.equal(beam.outputs[0]!.tokenIds.length, 8);
  assert.ok((await logprob(beam.outputs[0]!.tokenIds, prompt)) >= (await logprob(greedy.outputs[0]!.tokenIds, prompt)) - 1e-4);
});

test('seeded sampling is reproducible, and another seed gives another sample', async () => {
  const model = await load();
  const settings = { maxNewTokens: 16, doSample: true, temperature: 1.5, topK: 0, topP: 0.95 };
  const a = await generate(model, PROMPTS[0]!, { ...settings, seed: 7 });
  const b = await generate(model, PROMPTS[0]!, { ...settings, seed: 7 });
  assert.deepEqual(a.outputs[0]!.tokenIds, b.outputs[0]!.tokenIds);
  const others = await Promise.all([8, 9, 10].map((seed) => generate(model, PROMPTS[0]!, { ...settings, seed })));
  assert.ok(others.some((o) => o.outputs[0]!.tokenIds.join() !== a.outputs[0]!.tokenIds.join()));
  const topK1 = await generate(model, PROMPTS[0]!, { ...settings, topK: 1, seed: 3 });
  const greedy = await generate(model, PROMPTS[0]!, { maxNewTokens: 16 });
  assert.deepEqual(topK1.outputs[0]!.tokenIds, greedy.outputs[0]!.tokenIds, 'top-k 1 sampling is greedy');
});

test('merged and split decoders agree (fp32 and q8)', async () => {
  for (const precision of ['fp32', 'q8'] as const) {
    for (const prompt of PROMPTS) {
      const settings = { maxNewTokens: 10 };
      const merged = await generate(await load('merged', precision), prompt, settings);
      const split = await generate(await load('split', precision), prompt, settings);
      assert.deepEqual(merged.outputs[0]!.tokenIds, split.outputs[0]!.tokenIds, `${precision}: ${prompt}`);
      const beamM = await generate(await load('merged', precision), prompt, { ...settings, numBeams: 3 });
      const beamS = await generate(await load('split', precision), prompt, { ...settings, numBeams: 3 });
      assert.deepEqual(beamM.outputs[0]!.tokenIds, beamS.outputs[0]!.tokenIds, `${precision} beams: ${prompt}`);
    }
  }
});

test('output streams token by token, and the pieces make the final text; timings are reported', async () => {
  const model = await load();
  const pieces: Array<[number, string]> = [];
  const r = await generate(model, PROMPTS[1]!, { maxNewTokens: 12 }, { onToken: (id, text) => pieces.push([id, text]) });
  assert.deepEqual(pieces.map(([id]) => id), r.outputs[0]!.tokenIds);
  assert.equal(pieces.map(([, t]) => t).join(''), r.outputs[0]!.text);
  const t = r.timings;
  assert.ok(t.encoderMs > 0 && t.firstTokenMs >= t.encoderMs && t.msPerToken > 0 && t.tokensPerSecond > 0);
});

test('repetition penalty and no-repeat n-gram size change the output as specified', async () => {
  const model = await load();
  for (const prompt of PROMPTS) {
    const out = (await generate(model, prompt, { maxNewTokens: 20, noRepeatNgramSize: 2 })).outputs[0]!.tokenIds;
    const seq = [0, ...out];
    const bigrams = seq.slice(1).map((t, i) => `${seq[i]},${t}`);
    assert.equal(new Set(bigrams).size, bigrams.length, `no bigram repeats: ${out}`);
  }
  const plain = (await generate(model, PROMPTS[1]!, { maxNewTokens: 12 })).outputs[0]!.tokenIds;
  const penalized = (await generate(model, PROMPTS[1]!, { maxNewTokens: 12, repetitionPenalty: 1e6 })).outputs[0]!.tokenIds;
  assert.ok(new Set(plain).size < plain.length, `the plain output repeats a token: ${plain}`);
  assert.equal(new Set(penalized).size, penalized.length, `a huge penalty forbids repeats: ${penalized}`);
});

test('logits helpers: banned n-grams as in transformers', () => {
  assert.deepEqual(bannedNgramTokens([5, 6, 7, 5, 6], 3), [7]);
  assert.deepEqual(bannedNgramTokens([5, 6, 5], 2), [6]);
  assert.deepEqual(bannedNgramTokens([5], 3), []);
});

test('invalid settings are rejected with a clear message', async () => {
  const model = await load();
  await assert.rejects(generate(model, 'x', { numBeams: 2, doSample: true }), /beam sampling\) is not supported/);
  await assert.rejects(generate(model, 'x', { maxNewTokens: 0 }), /maxNewTokens must be an integer >= 1/);
  await assert.rejects(generate(model, 'x', { topP: 1.5 }), /topP must be in \(0, 1\]/);
});

test('beam search previews the best hypothesis after each step, and the last preview is the result', async () => {
  const model = await load();
  const cases = [
    { maxNewTokens: 10, numBeams: 3, lengthPenalty: 1 },
    { maxNewTokens: 10, numBeams: 4, lengthPenalty: 0, earlyStopping: true },
    { maxNewTokens: 6, numBeams: 2, lengthPenalty: 2 },
  ];
  for (const prompt of PROMPTS) {
    for (const settings of cases) {
      const previews: string[] = [];
      let streamed = '';
      const result = await generate(model, prompt, settings, { onPreview: (t) => previews.push(t), onToken: (_id, t) => (streamed += t) });
      const out = result.outputs[0]!;
      assert.ok(previews.length >= 1 && previews.length <= settings.maxNewTokens, `${prompt}: ${previews.length} previews`);
      assert.equal(previews[previews.length - 1], out.text, `${prompt} ${JSON.stringify(settings)}`);
      assert.equal(streamed, out.text, 'the final tokens still stream after the previews');
    }
    // Greedy decoding streams tokens and has nothing to preview.
    const previews: string[] = [];
    await generate(model, prompt, { maxNewTokens: 6 }, { onPreview: (t) => previews.push(t) });
    assert.deepEqual(previews, []);
  }
});
