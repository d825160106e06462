// The generated JSON Schema and the validator agree: on every fixture with no semantic-only error,
// ajv accepts exactly the files the validator finds no structural error in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { generateJsonSchema, SECTIONS, STRATEGY_NAMES } from '../../server/src/core/schema';
import { parseMixture } from '../../server/src/core/parse';
import { checkMixture, DIAGNOSTIC_CODES, type DiagnosticCode } from '../../server/src/core/validate';

const DIR = join(__dirname, '../../../test/fixtures/diagnostics');

function compile() {
  const ajv = new Ajv({ allErrors: true, strictNumbers: true });
  // Red Hat YAML's extensions: documentation only.
  ajv.addKeyword('markdownDescription');
  ajv.addKeyword('markdownEnumDescriptions');
  return ajv.compile(generateJsonSchema());
}

type Verdict = { kind: 'skip'; why: string } | { kind: 'compare'; valid: boolean; errors: string[] };

function validatorVerdict(text: string): Verdict {
  const parsed = parseMixture(text);
  const all = [...parsed.diagnostics, ...checkMixture(parsed.model, text)].filter((d) => d.severity === 'error');
  if (all.some((d) => d.code === 'yaml-syntax')) return { kind: 'skip', why: 'not YAML' };
  const semantic = all.filter((d) => !DIAGNOSTIC_CODES[d.code as DiagnosticCode].inJsonSchema);
  if (semantic.length) return { kind: 'skip', why: `semantic: ${semantic.map((d) => d.code).join(', ')}` };
  return { kind: 'compare', valid: all.length === 0, errors: all.map((d) => `${d.code}: ${d.message}`) };
}

/** Extra shapes beyond the fixtures: empty sections, flow style, other tools' keys, budget pairs. */
const SNIPPETS: string[] = [
  'mixture: m\nsampling:\nbudget:\nresults:\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\ntasks:\n  - {name: a, prefix: "a:", weight: 3}\n  - include: b.mixture.yaml\n    proportion: 1\n',
  'mixture: m\nversion: 2\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nbudget: {batch_size: 8}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nbudget: {examples: 10, steps: 1, batch_size: 1}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nbudget: {examples: 1.5}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nsampling: {strategy: equal, cap: -1}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\ntasks:\n  - {name: a, prefix: "a:", fields: {input: q, target: answers.text}, tags: [x]}\n',
  'mixture: m\ntasks:\n  - {name: a, prefix: "a:", metrics: accuracy}\n',
  'mixture: m\ntasks:\n  - {name: a, prefix: "a:", scale: 0}\n',
  'mixture: m\ntasks:\n  - {name: 3, prefix: "a:"}\n',
  'mixture: m\ntasks:\n  - {include: b.mixture.yaml, rate: -1}\n',
  'mixture: m\ntasks:\n  - just a string\n',
  'mixture: m\ntasks: {a: 1}\n',
  'mixture: m\ntasks:\n',
  'tasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nresults: {metric: accuracy, higher_is_better: yes, single_task: {a: 1}}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nresults: {higher_is_better: false, pairwise: {a: {a: 1.5}}}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nresults: {bogus: 1}\ntasks:\n  - {name: a, prefix: "a:"}\n',
  'mixture: m\nsampling: {strategy: 7}\ntasks:\n  - {name: a, prefix: "a:"}\n',
];

test('the schema is draft-07 and compiles in ajv', () => {
  const schema = generateJsonSchema() as Record<string, unknown>;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.doesNotThrow(() => compile());
});

test('the schema lists every key of every section, with its documentation', () => {
  const schema = generateJsonSchema() as { properties: Record<string, { markdownDescription?: string }>; definitions: Record<string, { properties: Record<string, { markdownDescription?: string }> }> };
  for (const section of Object.values(SECTIONS)) {
    const props = section.name === 'top' ? schema.properties : schema.definitions[section.name].properties;
    for (const k of section.keys) {
      assert.ok(props[k.key], `${section.name}.${k.key} missing from the schema`);
      assert.equal(props[k.key].markdownDescription, k.doc);
    }
  }
  const strategy = schema.definitions.sampling.properties.strategy as unknown as { enum: string[] };
  assert.deepEqual(strategy.enum, [...STRATEGY_NAMES]);
});

function agreement(name: string, text: string, validate: ReturnType<typeof compile>, tally: { accept: number; reject: number; skip: number }) {
  const verdict = validatorVerdict(text);
  if (verdict.kind === 'skip') {
    tally.skip++;
    return;
  }
  const valid = validate(parse(text)) as boolean;
  assert.equal(valid, verdict.valid, `${name}: ajv ${valid ? 'accepts' : 'rejects'} (${JSON.stringify(validate.errors)}) but the validator ${verdict.valid ? 'accepts' : `rejects (${verdict.errors.join('; ')})`}:\n${text}`);
  if (valid) tally.accept++;
  else tally.reject++;
}

test('ajv and the validator agree on every fixture without a semantic-only error', () => {
  const validate = compile();
  const tally = { accept: 0, reject: 0, skip: 0 };
  for (const f of readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort()) agreement(f, readFileSync(join(DIR, f), 'utf8'), validate, tally);
  // Both verdicts occur, so the agreement is not vacuous.
  assert.ok(tally.accept >= 20, `only ${tally.accept} accepted fixtures compared`);
  assert.ok(tally.reject >= 10, `only ${tally.reject} rejected fixtures compared`);
});

test('ajv and the validator agree on extra shapes', () => {
  const validate = compile();
  const tally = { accept: 0, reject: 0, skip: 0 };
  SNIPPETS.forEach((s, i) => agreement(`snippet ${i}`, s, validate, tally));
  assert.ok(tally.accept >= 4 && tally.reject >= 10, JSON.stringify(tally));
});

test('every example mixture in examples/ is valid for both the JSON Schema and the validator', () => {
  const validate = compile();
  const dir = join(__dirname, '../../../examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.mixture.yaml'));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    const verdict = validatorVerdict(text);
    assert.deepEqual(verdict.kind === 'compare' ? verdict.valid : verdict, true, `${f}: validator`);
    assert.equal(validate(parse(text)), true, `${f}: JSON Schema ${JSON.stringify(validate.errors)}`);
  }
});
