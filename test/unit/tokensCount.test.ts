// Token counts of data files (core/tokens) against a plain loop over @huggingface/tokenizers on a generated T5-like
// tokenizer: on this thread, on one worker, split over several workers, and in the other formats; the cache, the
// estimate over the counting limit and the tokenizer's failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TokenCounter, TokenizerFiles, tokensOfCount, type LoadedTokenizer, type TokenCountOutcome } from '../../server/src/core/tokens';
import { tempFiles } from './helpers/dataFiles';
import { jsonlRecords, plainLoopTokens, writeT5Tokenizer } from './helpers/tokenFixtures';

const files = tempFiles();
const tokenizerDir = writeT5Tokenizer(join(files.dir, 'tok'));
const fields = { input: 'input', target: 'target' };
const prefix = 'cola sentence:';

async function loaded(path = tokenizerDir): Promise<LoadedTokenizer> {
  const outcome = await new TokenizerFiles().load(path);
  assert.ok(outcome.ok, `the tokenizer loads: ${JSON.stringify(outcome)}`);
  return outcome.tokenizer;
}

function counted(outcome: TokenCountOutcome): Extract<TokenCountOutcome, { ok: true; estimated: false }> {
  assert.ok(outcome.ok && !outcome.estimated, `expected a full count, got ${JSON.stringify(outcome)}`);
  return outcome;
}

test('a small file is counted on this thread as the plain loop counts it, records and all', async () => {
  const path = files.file('small.jsonl', jsonlRecords(200, 7));
  const result = counted(await new TokenCounter().count({ path, tokenizer: await loaded(), fields, prefix }));
  assert.equal(result.tokens, plainLoopTokens(tokenizerDir, path, prefix));
  assert.equal(result.records, 200);
  assert.equal(result.skipped, 0);
});

test('a file counted on one worker, and cut into ranges over several workers, gives the plain loop\'s count', async () => {
  const path = files.file('large.jsonl', jsonlRecords(1500, 11));
  const expected = plainLoopTokens(tokenizerDir, path, prefix);
  const tokenizer = await loaded();
  const oneWorker = counted(await new TokenCounter({ inlineMaxBytes: 0, rangeMinBytes: 1 << 30 }).count({ path, tokenizer, fields, prefix }));
  assert.equal(oneWorker.tokens, expected);
  assert.equal(oneWorker.records, 1500);
  const seen: number[] = [];
  const split = new TokenCounter({ inlineMaxBytes: 0, rangeMinBytes: 8 << 10, ranges: 3 });
  split.onProgress((active) => seen.push(active.length));
  const threeWorkers = counted(await split.count({ path, tokenizer, fields, prefix }));
  assert.equal(threeWorkers.tokens, expected);
  assert.equal(threeWorkers.records, 1500);
  assert.ok(seen.includes(1) && seen.at(-1) === 0, `progress reported the count and its end: ${seen.join(',')}`);
});

test('the other formats count the same records the same way: gzip, a JSON array, CSV and TSV', async () => {
  const text = jsonlRecords(120, 5);
  const jsonl = files.file('same.jsonl', text);
  const expected = plainLoopTokens(tokenizerDir, jsonl, prefix);
  const records = text.trim().split('\n').map((l) => JSON.parse(l) as { input: string; target: unknown });
  // CSV and TSV hold text cells: the targets as the plain loop reads them.
  const cell = (t: unknown) => (Array.isArray(t) ? String(t[0]) : String(t));
  const csv = ['input,target', ...records.map((r) => `${JSON.stringify(r.input)},${JSON.stringify(cell(r.target))}`)].join('\n');
  const tsv = ['input\ttarget', ...records.map((r) => `${r.input}\t${cell(r.target)}`)].join('\n');
  const tokenizer = await loaded();
  const counter = new TokenCounter();
  for (const path of [files.file('same.jsonl.gz', gzipSync(text)), files.file('same.json', JSON.stringify(records)), files.file('same.csv', csv), files.file('same.tsv', tsv)]) {
    assert.equal(counted(await counter.count({ path, tokenizer, fields, prefix })).tokens, expected, path);
  }
  const onWorker = counted(await new TokenCounter({ inlineMaxBytes: 0 }).count({ path: files.file('w.csv', csv), tokenizer, fields, prefix }));
  assert.equal(onWorker.tokens, expected, 'a CSV file on a worker');
});

test('records without the fields are skipped and said so; the prefix is part of every input', async () => {
  const path = files.file('holes.jsonl', '{"input": "good", "target": "yes"}\n{"text": "no fields"}\n{"input": "bad", "target": "no"}\n');
  const tokenizer = await loaded();
  const counter = new TokenCounter();
  const withPrefix = counted(await counter.count({ path, tokenizer, fields, prefix }));
  assert.deepEqual([withPrefix.records, withPrefix.skipped], [3, 1]);
  const noPrefix = counted(await counter.count({ path, tokenizer, fields, prefix: '' }));
  const prefixTokens = tokenizer.tokenizer.encode(`${prefix} good`).ids.length - tokenizer.tokenizer.encode('good').ids.length;
  assert.ok(prefixTokens > 0);
  assert.equal(withPrefix.tokens - noPrefix.tokens, 2 * prefixTokens);
});

test('counts are kept while the file is unchanged and counted again when it changes', async () => {
  const path = files.file('cached.jsonl', jsonlRecords(50, 2));
  const tokenizer = await loaded();
  const counter = new TokenCounter();
  const settled: string[] = [];
  counter.onSettled((p) => settled.push(p));
  const first = counter.count({ path, tokenizer, fields, prefix });
  assert.equal(counter.count({ path, tokenizer, fields, prefix }) instanceof Promise, true);
  const a = counted(await first);
  const b = counted(await counter.count({ path, tokenizer, fields, prefix }));
  assert.deepEqual(b, a);
  assert.equal(settled.length, 1, 'one count for the two requests');
  appendFileSync(path, '{"input": "more", "target": "text"}\n');
  const c = counted(await counter.count({ path, tokenizer, fields, prefix }));
  assert.equal(c.records, 51);
  assert.equal(c.tokens, plainLoopTokens(tokenizerDir, path, prefix));
  assert.equal(settled.length, 2);
});

test('a new prefix from the same task cancels the count it replaces', async () => {
  const path = files.file('slot.jsonl', jsonlRecords(1000, 4));
  const tokenizer = await loaded();
  const counter = new TokenCounter({ inlineMaxBytes: 0 });
  const old = counter.count({ path, tokenizer, fields, prefix: 'a:', slot: 'm.yaml\0task' });
  const current = counter.count({ path, tokenizer, fields, prefix: 'ab:', slot: 'm.yaml\0task' });
  const outcome = await old;
  assert.ok(!outcome.ok && outcome.aborted, `the replaced count was cancelled: ${JSON.stringify(outcome)}`);
  assert.equal(counted(await current).tokens, plainLoopTokens(tokenizerDir, path, 'ab:'));
});

test('a file over the limit gets an estimate from its first records, scaled by the examples', async () => {
  const text = jsonlRecords(400, 9);
  const path = files.file('big.jsonl', text);
  const first = files.file('first.jsonl', text.split('\n').slice(0, 100).join('\n') + '\n');
  const tokenizer = await loaded();
  const outcome = await new TokenCounter({ estimateRecords: 100 }).count({ path, tokenizer, fields, prefix, maxBytes: 1000 });
  assert.ok(outcome.ok && outcome.estimated, JSON.stringify(outcome));
  assert.equal(outcome.sampleRecords, 100);
  assert.equal(outcome.sampleTokens, plainLoopTokens(tokenizerDir, first, prefix));
  const scaled = tokensOfCount(outcome, 400);
  assert.deepEqual(scaled, { tokens: Math.round((outcome.sampleTokens / 100) * 400), estimated: true });
  assert.equal(tokensOfCount(outcome, undefined), null, 'no estimate without the number of examples');
});

test('the tokenizer: a folder or a file; missing, not JSON and not a tokenizer are failures that say so', async () => {
  const files2 = new TokenizerFiles();
  assert.ok((await files2.load(join(tokenizerDir, 'tokenizer.json'))).ok);
  const cases: [string, string, RegExp][] = [
    [join(files.dir, 'nowhere.json'), 'missing', /does not exist/],
    [files.dir, 'missing', /without a tokenizer\.json/],
    [files.file('broken.json', '{"model": '), 'not-json', /is not JSON/],
    [files.file('other.json', '{"name": "not a tokenizer"}'), 'not-a-tokenizer', /not a tokenizer\.json/],
    [files.file('badmodel.json', '{"model": {"type": "Unigram", "vocab": 5}, "normalizer": null, "pre_tokenizer": null}'), 'not-a-tokenizer', /cannot be used as a tokenizer|not a tokenizer\.json/],
  ];
  for (const [path, kind, message] of cases) {
    const outcome = await files2.load(path);
    assert.ok(!outcome.ok, path);
    assert.equal(outcome.kind, kind, `${path}: ${outcome.message}`);
    assert.match(outcome.message, message);
  }
  writeFileSync(join(files.dir, 'late.json'), 'not yet');
  assert.equal((await files2.load(join(files.dir, 'late.json'))).ok, false);
});
