// Exports say the unit their engine reads (spec 1.1): seqio and `datasets` draw examples, so their weights are example
// probabilities whatever the mixture's unit; Megatron blends token sequences, so its weights are the token shares when
// every task's tokens are known (and its header says when they are not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRates, type RateMixtureNode, type StrategyConfig } from '../../server/src/core/rates';
import { toHuggingFace, toJson, toMegatron, toSeqio, type ExportInput } from '../../server/src/core/export';

function inputFor(sampling: StrategyConfig, tokens: boolean): ExportInput {
  const root: RateMixtureNode = {
    kind: 'mixture',
    name: 'm',
    sampling,
    entries: [
      { kind: 'task', name: 'long', prefix: 'long:', examples: 100, ...(tokens ? { tokens: 10_000 } : {}) },
      { kind: 'task', name: 'short', prefix: 'short:', examples: 400, ...(tokens ? { tokens: 8_000 } : {}) },
    ],
  };
  const outcome = computeRates(root, { examplesDrawn: 1200 });
  assert.ok(outcome.ok);
  return { result: outcome.result, sourceFile: 'm.mixture.yaml', sampling: outcome.rootSampling, dataFiles: new Map([['long', 'long.jsonl'], ['short', 'short.jsonl']]) };
}

const weightsOf = (line: string): number[] => [...line.matchAll(/(?:^--data-path | )([0-9.e-]+) (?=\S)/g)].map((m) => Number(m[1]));

test('Megatron gets the token shares, and says so; without tokens it says what its weights are instead', () => {
  // T = 2 by examples: p = 1/3, 2/3; token shares 1/3 * 100 : 2/3 * 20 = 5/7 : 2/7.
  const withTokens = toMegatron(inputFor({ strategy: 'temperature', temperature: 2 }, true));
  assert.match(withTokens, /^# Unit: tokens \(the engine blends token sequences\): each weight is the task's share of the training tokens\.$/m);
  const [long, short] = weightsOf(withTokens.split('\n').find((l) => l.startsWith('--data-path '))!);
  assert.ok(Math.abs(long! - 5 / 7) < 1e-15 && Math.abs(short! - 2 / 7) < 1e-15, `${long} ${short}`);
  const withoutTokens = toMegatron(inputFor({ strategy: 'temperature', temperature: 2 }, false));
  assert.match(withoutTokens, /some task's tokens are unknown: these weights are example probabilities/);
  const [p1] = weightsOf(withoutTokens.split('\n').find((l) => l.startsWith('--data-path '))!);
  assert.ok(Math.abs(p1! - 1 / 3) < 1e-15);
});

test('seqio and datasets get example probabilities, also from a mixture that samples by tokens, and say so', () => {
  const byTokens = inputFor({ strategy: 'temperature', temperature: 2, unit: 'tokens' }, true);
  for (const text of [toSeqio(byTokens), toHuggingFace(byTokens)]) {
    assert.match(text, /^# Unit: examples \(what the engine draws\): each weight is the probability of drawing an example, from the mixture's token shares \(unit: tokens\)/m);
  }
  // p_long = 1 / (1 + 2 sqrt 5) by tokens (ratesTokens.test.ts works it out).
  assert.match(toSeqio(byTokens), new RegExp(`\\("long", ${String(1 / (1 + 2 * Math.sqrt(5))).slice(0, 12)}`));
  const json = JSON.parse(toJson(byTokens));
  assert.equal(json.sampling.unit, 'tokens');
  assert.ok(Math.abs(json.tasks[0].token_share - 100 / (100 + 40 * Math.sqrt(5))) < 1e-14);
});
