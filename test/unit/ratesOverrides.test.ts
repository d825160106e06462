// Rates under what-ifs from an analysis's tree (core/whatIf.ts), checked against the independent way: write the
// what-if into the file's own `sampling` and analyze that file from scratch. Every example mixture, every strategy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { MixtureProject, type Analysis } from '../../server/src/core/analyze';
import type { RateOverrides } from '../../server/src/core/rates';
import { ratesUnderOverrides, sameRateInputs } from '../../server/src/core/whatIf';

const EXAMPLES = ['glue', 'multilingual-unimax', 'nested', 'small-with-data', 'translation'].map((name) => resolve(`examples/${name}.mixture.yaml`));

const OVERRIDES: RateOverrides[] = [
  { strategy: 'uniform' },
  { strategy: 'equal' },
  { strategy: 'proportional' },
  { strategy: 'proportional', cap: 0 },
  { strategy: 'proportional', cap: 5000 },
  { strategy: 'sqrt' },
  { strategy: 'unimax' },
  { strategy: 'manual' },
  { strategy: 'temperature', temperature: 3 },
  { strategy: 'temperature', temperature: 7.25, cap: 100000 },
  { strategy: 'temperature', temperature: 1, cap: 0 },
  { temperature: 4 },
  { cap: 1000 },
];

/** The file's text with the what-if written into its own `sampling` (cap 0: no cap), as a user would. */
function withSampling(text: string, o: RateOverrides): string {
  const doc = parseDocument(text);
  if (o.strategy !== undefined) doc.setIn(['sampling', 'strategy'], o.strategy);
  if (o.temperature !== undefined) doc.setIn(['sampling', 'temperature'], o.temperature);
  if (o.cap === 0) doc.deleteIn(['sampling', 'cap']);
  else if (o.cap !== undefined) doc.setIn(['sampling', 'cap'], o.cap);
  return doc.toString();
}

async function analyzeText(file: string, text: string): Promise<Analysis> {
  const project = new MixtureProject();
  project.setText(file, text);
  return project.analyze(file);
}

test('every example mixture under every what-if: the same rates as the file rewritten with it and analyzed anew', async () => {
  let compared = 0;
  for (const file of EXAMPLES) {
    const text = readFileSync(file, 'utf8');
    const analysis = await analyzeText(file, text);
    assert.ok(analysis.rates, `${file} is valid`);
    for (const o of OVERRIDES) {
      const what = `${file} ${JSON.stringify(o)}`;
      const under = ratesUnderOverrides(analysis, o);
      const rewritten = await analyzeText(file, withSampling(text, o));
      if (rewritten.rates) {
        assert.deepEqual(under.rates, rewritten.rates, what);
        // A cap of 0 and no cap are the same (StrategyConfig): the what-if keeps the 0 it was given.
        const { cap, ...sampling } = under.sampling!;
        assert.deepEqual(cap ? under.sampling : sampling, rewritten.sampling, what);
        compared++;
      } else {
        // The rewritten file has errors: the what-if cannot be computed either, and says why at the `tasks` key.
        assert.equal(under.rates, null, what);
        assert.equal(under.sampling, null, what);
        const errors = under.diagnostics.filter((d) => d.severity === 'error');
        assert.ok(errors.length > 0, what);
        for (const d of errors) assert.deepEqual(d.range, analysis.model.tasksKey, what);
      }
    }
  }
  // Most of the pairs are computable (the rest: unimax without a budget, manual without rates, ...).
  assert.ok(compared >= 40, `${compared} compared`);
});

test('what-if diagnostics: the file\'s own rate warnings left out, its other diagnostics kept; the analysis untouched', async () => {
  // At T = 1 the small tasks of this file are over max_epochs: a rate warning of the file, not of a what-if.
  const file = resolve('examples/glue.mixture.yaml');
  const text = readFileSync(file, 'utf8').replace('temperature: 2', 'temperature: 1').replace('cap: 2097152', 'cap: 0').concat('unknown_key: 1\n');
  const analysis = await analyzeText(file, text);
  const codes = (ds: { code: string }[]) => [...new Set(ds.map((d) => d.code))].sort();
  assert.deepEqual(codes(analysis.diagnostics).includes('too-many-epochs'), analysis.rates !== null);
  const before = JSON.stringify(analysis.diagnostics);
  const flat = ratesUnderOverrides(analysis, { strategy: 'uniform' });
  assert.ok(!codes(flat.diagnostics).includes('too-many-epochs'));
  assert.deepEqual(codes(flat.diagnostics), codes(analysis.diagnostics).filter((c) => c !== 'too-many-epochs' && c !== 'starved-task' && c !== 'zero-probability'));
  assert.equal(JSON.stringify(analysis.diagnostics), before, 'the analysis is not changed');

  // A file with errors has no tree: no what-if, its errors are the answer.
  const broken = await analyzeText(file, text.replace('strategy: temperature', 'strategy: nonsense'));
  const none = ratesUnderOverrides(broken, { strategy: 'uniform' });
  assert.equal(none.rates, null);
  assert.deepEqual(none.diagnostics, broken.diagnostics);
});

test('sameRateInputs: a comment, a description or `results` keep the rate inputs; sizes, strategy and budget do not', async () => {
  const file = resolve('examples/glue.mixture.yaml');
  const text = readFileSync(file, 'utf8');
  const base = await analyzeText(file, text);
  const same = async (edited: string) => sameRateInputs(base, await analyzeText(file, edited));
  assert.equal(await same(text), true);
  assert.equal(await same(`# a comment\n${text}`), true);
  assert.equal(await same(text.replace(/^description: .*$/m, 'description: another')), true);
  assert.equal(await same(text.replace('temperature: 2', 'temperature: 3')), false);
  assert.equal(await same(text.replace(/examples: (\d+)/, (_, n) => `examples: ${Number(n) + 1}`)), false);
  assert.equal(await same(text.replace(/steps: (\d+)/, (_, n) => `steps: ${Number(n) * 2}`)), false);
  assert.equal(await same(text.replace('strategy: temperature', 'strategy: nonsense')), false, 'errors: no tree');
});
