import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MixtureDocument } from '../../server/src/core/parse';
import { splitPieces } from '../../server/src/core/parse/pieces';
import { generateMixtureText } from '../../scripts/gen-mixture';
import { fullResult, keyReportingChecker, project } from './helpers/parseProjection';

const SPEC = `mixture: glue_t5                  # required
description: GLUE as mixed in the T5 paper
sampling:
  strategy: temperature
  temperature: 2
  cap: 2097152
budget:
  steps: 262144
  batch_size: 128
tasks:                            # required, at least one entry
  - name: cola
    prefix: "cola sentence:"
    examples: 8551
    fields: {input: sentence, target: label}
    metrics: [matthews_corr, accuracy]
    rate: 1e6
  - include: translation.mixture.yaml   # a sub-mixture
    rate: 0.5
results:
  metric: accuracy
  single_task: {cola: 52.1, sst2: 92.7}
  pairwise:
    cola: {sst2: 53.0, mnli: 55.2}
`;

const TRICKY = `# leading comment

mixture: "quoted_name"   # trailing
description: |
  A block scalar
    over lines

sampling: {strategy: sqrt}
tasks:
# a comment at column 0
  - name: a
    prefix: 'a:'
    tags:
      - x
      - y
  -   name: b
      prefix: "b:"

  -
  - include: other.mixture.yaml
  # trailing comment
"results":
  metric: f1
`;

const COMPACT = `mixture: compact
tasks:
- name: a
  prefix: "a:"
- name: b
  examples: 3
budget:
  steps: 10
`;

/** The keys of format 1.1 (tokens, engines): each is shifted by edits above it like any other. */
const SPEC_1_1 = `mixture: tokens_mix
tokenizer: tokenizer.json
engine: megatron
sampling:
  strategy: temperature
  temperature: 2
  unit: tokens
budget:
  tokens: 1000000
  max_epochs: 4
tasks:
  - name: a
    prefix: "a:"
    examples: 10
    tokens: 5000
  - name: b
    prefix: "b:"
    tokens: 800
`;

const SEEDS = [
  SPEC,
  SPEC_1_1,
  TRICKY,
  COMPACT,
  SPEC.replace(/\n/g, '\r\n'),
  COMPACT.replace('tasks:', '"tasks":'),
  generateMixtureText(12, 3),
  '',
];

/** Pieces of YAML that change structure: line breaks, indicators, quotes, flow brackets, anchors, tabs. */
const SNIPPETS = [
  '\n', '\n  ', '\n    ', '- ', '\n  - ', '\n- ', ':', ': ', '#', ' # c', '"', "'", '[', ']', '{', '}', '|', '|\n',
  '>-\n', '&a ', '*a', ' ', '  ', 'name: x', 'prefix: "p:"', 'tasks:', '\ntasks:\n', 'rate: 2', '\t', '\r\n', '\r',
  '---\n', '...\n', '? ', ',', 'x', '1e6', 'examples: 5', '\n  - name: n\n    examples: 1', 'mixture: m\n', '%YAML 1.2\n',
  '!!str ', '\u0000',
];

interface Edit {
  at: number;
  remove: number;
  insert: string;
  viaLsp: boolean;
  /** Undo everything: back to the seed text (a large diff, and the piece cache's best case). */
  revert: boolean;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat({ max: 100_000 }),
  remove: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 3 }) }, { weight: 1, arbitrary: fc.nat({ max: 40 }) }),
  insert: fc.oneof(
    // Typing inside values keeps most edits on the incremental path, where the comparison matters most.
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'abz_019.'.split('')), minLength: 1, maxLength: 4 }) },
    { weight: 3, arbitrary: fc.constantFrom(...SNIPPETS) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'ab -:#\n"\'[]{}|&*,'.split('')), maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant('') },
  ),
  viaLsp: fc.boolean(),
  revert: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

test('incremental result equals a full parse after random edits', (t) => {
  let steps = 0;
  let incremental = 0;
  fc.assert(
    fc.property(fc.constantFrom(...SEEDS), fc.array(editArb, { minLength: 1, maxLength: 6 }), (seed, edits) => {
      const doc = new MixtureDocument(seed, { entryChecker: keyReportingChecker });
      assert.deepStrictEqual(project(doc.result()), project(fullResult(seed)));
      for (const edit of edits) {
        const text = doc.text;
        const at = edit.at % (text.length + 1);
        const end = Math.min(text.length, at + edit.remove);
        const expected = edit.revert ? seed : text.slice(0, at) + edit.insert + text.slice(end);
        if (edit.revert) doc.update(seed);
        else if (edit.viaLsp) doc.applyEdits([{ range: [at, end], text: edit.insert }]);
        else doc.update(expected);
        assert.equal(doc.text, expected);
        assert.deepStrictEqual(doc.pieceSpans, splitPieces(expected), 'pieces after the edit match a fresh split');
        assert.deepStrictEqual(project(doc.result()), project(fullResult(expected)));
        steps++;
        if (!doc.stats.fullParse) incremental++;
      }
    }),
    { numRuns: 600, seed: 20240611 },
  );
  t.diagnostic(`${steps} edits, ${incremental} of them on the incremental path`);
  // The comparison proves something only if many edits take the incremental path.
  assert.ok(incremental > steps * 0.35, `only ${incremental} of ${steps} edits stayed incremental`);
});

test('several LSP changes in one call are applied in order', () => {
  fc.assert(
    fc.property(fc.constantFrom(...SEEDS), fc.array(editArb, { minLength: 2, maxLength: 5 }), (seed, edits) => {
      const doc = new MixtureDocument(seed, { entryChecker: keyReportingChecker });
      let text = seed;
      const changes = edits.map((edit) => {
        const at = edit.at % (text.length + 1);
        const end = Math.min(text.length, at + edit.remove);
        text = text.slice(0, at) + edit.insert + text.slice(end);
        return { range: [at, end] as const, text: edit.insert };
      });
      doc.applyEdits(changes);
      assert.equal(doc.text, text);
      assert.deepStrictEqual(doc.pieceSpans, splitPieces(text));
      assert.deepStrictEqual(project(doc.result()), project(fullResult(text)));
    }),
    { numRuns: 200, seed: 7 },
  );
});
