// Tokens through the analysis (MixtureProject): counted from `data` with the file's tokenizer or the setting, declared
// ones, the estimate over the counting limit, "counting" while a count runs (and the news when it ends), the budget in
// tokens and its conflicts, and an include whose tokens a parent sampling by tokens reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MixtureProject } from '../../server/src/core/analyze';
import { tempFiles } from './helpers/dataFiles';
import { jsonlRecords, plainLoopTokens, writeT5Tokenizer } from './helpers/tokenFixtures';

const files = tempFiles();
const tokenizerDir = writeT5Tokenizer(join(files.dir, 'tok'));
const small = files.file('small.jsonl', jsonlRecords(60, 21));
const smallTokens = plainLoopTokens(tokenizerDir, small, 'small:');

const mixture = (lines: string[]): string => files.file(`m${Math.random().toString(36).slice(2)}.mixture.yaml`, lines.join('\n') + '\n');

test('tokens are counted from data with the tokenizer, declared ones are kept, and the rates carry both', async () => {
  const file = mixture([
    'mixture: m',
    'tokenizer: tok',
    'tasks:',
    '  - name: small',
    '    prefix: "small:"',
    '    data: small.jsonl',
    '  - name: declared',
    '    prefix: "declared:"',
    '    examples: 60',
    '    tokens: 6000',
  ]);
  const a = await new MixtureProject().analyze(file);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  const byName = new Map(a.rates!.tasks.map((t) => [t.name, t]));
  assert.equal(byName.get('small')!.tokens, smallTokens);
  assert.equal(byName.get('declared')!.tokens, 6000);
  // Proportional by examples, 60 and 60: p = 1/2 each; token shares follow the tokens.
  assert.ok(Math.abs(byName.get('small')!.token_share! - smallTokens / (smallTokens + 6000)) < 1e-12);
  assert.deepEqual(a.tokens.get('small'), { counted: smallTokens });
  assert.ok(a.dependencies.includes(tokenizerDir), 'the tokenizer is a dependency');
});

test('the setting names the tokenizer of a file without one; a file over the limit gets an estimate, marked', async () => {
  const big = files.file('big.jsonl', jsonlRecords(300, 22));
  const first = files.file('first.jsonl', (await import('node:fs')).readFileSync(big, 'utf8').split('\n').slice(0, 300).join('\n') + '\n');
  const file = mixture([
    'mixture: m',
    'sampling: {unit: tokens}',
    'tasks:',
    '  - name: big',
    '    prefix: "big:"',
    '    examples: 3000',
    '    data: big.jsonl',
  ]);
  const a = await new MixtureProject().analyze(file, { tokenizer: tokenizerDir, maxCountBytes: 1000 });
  // The first records (all 300 here: the sample is 1000) scaled to the declared 3000 examples.
  assert.deepEqual(a.tokens.get('big'), { counted: Math.round((plainLoopTokens(tokenizerDir, first, 'big:') / 300) * 3000), estimated: true });
  // The example count of a file over the limit is an error of its own (data-file-unreadable) that keeps the rates
  // back; within the limit the count is exact, and the rates say so (ratesTokens.test.ts shows an estimate in them).
  const within = await new MixtureProject().analyze(file, { tokenizer: tokenizerDir });
  assert.equal(within.rates!.tasks[0]!.tokens_estimated, false);
});

test('while a count runs the analysis says "counting", without an error; the end of the count is announced', async () => {
  const large = files.file('large.jsonl', jsonlRecords(1500, 23));
  const file = mixture([
    'mixture: m',
    'tokenizer: tok',
    'sampling: {unit: tokens}',
    'tasks:',
    '  - name: large',
    '    prefix: "large:"',
    '    data: large.jsonl',
  ]);
  const project = new MixtureProject();
  const ended: string[] = [];
  const announced = new Promise<void>((resolve) =>
    project.onTokenCount((path) => {
      ended.push(path);
      resolve();
    }),
  );
  const early = await project.analyze(file, { tokenWaitMs: 0 });
  assert.deepEqual(early.tokens.get('large'), { pending: true });
  assert.deepEqual(early.diagnostics.filter((d) => d.severity === 'error'), [], 'no error while counting');
  assert.equal(early.rates, null, 'rates by tokens wait for the count');
  await announced;
  assert.deepEqual(ended, [large]);
  // Waiting now costs nothing: the count is in the cache.
  const later = await project.analyze(file);
  assert.equal(later.rates!.tasks[0]!.tokens, plainLoopTokens(tokenizerDir, large, 'large:'));
  assert.deepEqual(ended, [large], 'the second analysis read the count from the cache');
});

test('a budget in tokens is exclusive with the others, and needs every task\'s tokens', async () => {
  const conflict = mixture([
    'mixture: m',
    'budget:',
    '  examples: 1000',
    '  tokens: 50000',
    'tasks:',
    '  - name: a',
    '    prefix: "a:"',
    '    examples: 10',
    '    tokens: 100',
  ]);
  const c = await new MixtureProject().analyze(conflict);
  const d = c.diagnostics.find((x) => x.code === 'budget-conflict');
  assert.ok(d, JSON.stringify(c.diagnostics));
  assert.equal(c.text.slice(d.range[0], d.range[1]), 'tokens');
  assert.equal(d.fixes?.[0]?.title, 'Remove `tokens` (keep the budget in examples)');
  const unknown = mixture(['mixture: m', 'budget:', '  tokens: 50000', 'tasks:', '  - name: a', '    prefix: "a:"', '    examples: 10']);
  const u = await new MixtureProject().analyze(unknown);
  const missing = u.diagnostics.find((x) => x.code === 'tokens-unknown');
  assert.ok(missing && u.text.slice(missing.range[0], missing.range[1]) === 'a', JSON.stringify(u.diagnostics));
  assert.match(missing.message, /the budget is in tokens: it has no `data` to count them from/);
});

test('a parent sampling by tokens reads an include\'s tokens; the examples drawn follow from a budget in tokens', async () => {
  const child = files.file('child.mixture.yaml', ['mixture: child', 'tasks:', '  - name: c', '    prefix: "c:"', '    examples: 50', '    tokens: 5000', ''].join('\n'));
  const parent = mixture([
    'mixture: parent',
    'sampling: {unit: tokens}',
    'budget:',
    '  tokens: 30000',
    'tasks:',
    '  - name: p',
    '    prefix: "p:"',
    '    examples: 200',
    '    tokens: 10000',
    `  - include: ${child.split('/').pop()}`,
  ]);
  const a = await new MixtureProject().analyze(parent);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  const r = a.rates!;
  // Proportional by tokens: token shares 10000 : 5000, so 2/3 and 1/3 of 30000 tokens: 2 epochs each.
  for (const t of r.tasks) assert.ok(Math.abs(t.epochs! - 2) < 1e-12, `${t.name}: ${t.epochs}`);
  assert.equal(r.tokens_drawn, 30000);
  // Means 50 and 100 tokens per example: 20000 / 50 + 10000 / 100 = 500 examples drawn.
  assert.ok(Math.abs(r.examples_drawn! - 500) < 1e-9);
});
