// `taskmix import --from olmo`: OLMo-core source mixtures (src/olmo_core/data/source_mixture.py, allenai/OLMo-core
// fa6c5014c9f6e9ee789da2d9c20d5126fee8df0d) and olmo-cookbook recipes (src/cookbook/aliases.py, allenai/olmo-cookbook
// c226eb6a07ccef068c26379d9c90304fbaeea841). OLMo-core takes int(requested_tokens * target_ratio) tokens of each
// source, with ratios that sum to 1 within np.allclose: each source's share is its ratio over their sum. The
// expected shares (olmo/expected-shares.json) were computed with Python from the YAML as yaml.safe_load reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineFileError, importEngineFile, readOlmoRecipe } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, enginesDir, importAndRate } from './helpers/engineImport';

const expected = JSON.parse(readFileSync(join(enginesDir, 'olmo/expected-shares.json'), 'utf8')) as Record<string, Record<string, number>>;

for (const fixture of ['olmo/OLMo3-32B-midtraining-modelnamefilter.yaml', 'olmo/train-1b-5xC-pstar-001-dclm-dolma2.yaml']) {
  test(`${fixture}: each source's share of tokens`, async () => {
    const { rates, result } = await importAndRate(engineFixture(fixture));
    assert.equal(result.format, 'olmo');
    assertProbabilities(rates, expected[fixture]!);
  });
}

test('the plain model keeps every path, the repetition limits, and says which are in comments', async () => {
  const file = engineFixture('olmo/OLMo3-32B-midtraining-modelnamefilter.yaml');
  const { sources } = readOlmoRecipe(file);
  const math = sources.find((s) => s.name === 'dolminos2math')!;
  assert.equal(math.paths.length, 5);
  assert.equal(file.text.slice(math.ratioRange[0], math.ratioRange[1]), '0.18273684787');
  const cookbook = readOlmoRecipe(engineFixture('olmo/train-1b-5xC-pstar-001-dclm-dolma2.yaml'));
  assert.equal(cookbook.sources[0]!.repetition, 2);
  const { text } = await importAndRate(file);
  assert.match(text, /dolminos2math: 5 paths; `data` is the first/);
});

test('nested groups: a group ratio shares among its sources, flattened exactly', async () => {
  const text = [
    'sources:',
    '  - source_name: web',
    '    target_ratio: 0.6',
    '    sources:',
    '      - {source_name: cc, target_ratio: 0.75, paths: [s3://b/cc/*.npy]}',
    '      - {source_name: wiki, target_ratio: 0.25, paths: [s3://b/wiki/*.npy], repetition_factor: 2}',
    '  - {source_name: code, target_ratio: 0.4, paths: [s3://b/code/*.npy]}',
  ].join('\n');
  const { rates, text: written } = await importAndRate({ path: 'mix.yaml', text });
  assertProbabilities(rates, { cc: 0.45, wiki: 0.15, code: 0.4 });
  assert.match(written, /wiki: at most 2x repetition/);
  assert.match(written, /# from web \(rate 0\.6\)/);
});

test('bad recipes: ratios that do not sum to 1, a source without paths, an unknown key, a ratio out of range', async () => {
  const cases: [string, string, RegExp][] = [
    ['sources:\n  - {source_name: a, target_ratio: 0.5, paths: [x]}\n  - {source_name: b, target_ratio: 0.4, paths: [y]}\n', 'sum to 0.9', /sum to 0\.9, not 1/],
    ['sources:\n  - {source_name: a, target_ratio: 1.0}\n', 'a', /weight without a path/],
    ['sources:\n  - {source_name: a, target_ratio: 1.0, paths: [x], max_repetition: 2}\n', 'max_repetition', /unknown source key "max_repetition" \(did you mean "max_repetition_ratio"\?\)/],
    ['sources:\n  - {source_name: a, target_ratio: -1, paths: [x]}\n', '-1', /not in \(0, 1\]/],
    ['sources:\n  - {source_name: a, target_ratio: lots, paths: [x]}\n', 'lots', /must be a number/],
  ];
  for (const [text, token, message] of cases) {
    await assert.rejects(importEngineFile({ path: 'r.yaml', text }, { from: 'olmo' }), (e: unknown) => {
      assert.ok(e instanceof EngineFileError, String(e));
      assert.match(e.message, message);
      if (token !== 'sum to 0.9') assert.equal(text.slice(e.range[0], e.range[1]), token);
      return true;
    });
  }
});
