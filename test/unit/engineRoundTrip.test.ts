// The round trip of every engine format: a mixture exported with `taskmix export --format F` and imported back
// with `taskmix import --from F` has the same probabilities, to 1e-12 (property-tested over random mixtures:
// every strategy, caps, scales, and sub-mixtures included with and without a rate). The format is also detected
// from the exported file alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MixtureProject } from '../../server/src/core/analyze';
import { detectEngineFormat, exportCompanions, importEngineFile, renderImport, type EngineFormat } from '../../server/src/core/engines';
import type { ExportFormat } from '../../server/src/core/export';
import { exportAnalysis, exportInputOf } from '../../server/src/core/export/fromAnalysis';

/** Each engine format, the export that writes it, and the file name the export is saved as. */
const FORMATS: { engine: EngineFormat; exportAs: ExportFormat; file: string }[] = [
  { engine: 'megatron', exportAs: 'megatron', file: 'blend.sh' },
  { engine: 'megatron-json', exportAs: 'megatron-json', file: 'blend.json' },
  { engine: 'nemo', exportAs: 'nemo', file: 'train.nemo.yaml' },
  { engine: 'olmo', exportAs: 'olmo', file: 'mix.olmo.yaml' },
  { engine: 'mosaic', exportAs: 'mosaic', file: 'train.streams.yaml' },
  { engine: 'hf', exportAs: 'huggingface', file: 'mix_hf.py' },
  { engine: 'llamafactory', exportAs: 'llamafactory', file: 'train.llamafactory.yaml' },
  { engine: 'seqio', exportAs: 'seqio', file: 'mix.py' },
];

interface TaskSpec {
  name: string;
  examples: number;
  rate: number;
  scale?: number;
}
interface MixtureSpec {
  strategy: 'manual' | 'uniform' | 'proportional' | 'temperature' | 'sqrt';
  temperature: number;
  cap?: number;
  tasks: TaskSpec[];
  /** A sub-mixture file, included with a rate or without. */
  child?: { spec: Omit<MixtureSpec, 'child'>; rate?: number };
}

const taskArb = fc.record({
  examples: fc.integer({ min: 1, max: 2_000_000 }),
  rate: fc.double({ min: 0.001, max: 1000, noNaN: true }),
  scale: fc.option(fc.double({ min: 0.1, max: 10, noNaN: true }), { nil: undefined }),
});
const levelArb = fc.record({
  strategy: fc.constantFrom('manual', 'uniform', 'proportional', 'temperature', 'sqrt') as fc.Arbitrary<MixtureSpec['strategy']>,
  temperature: fc.double({ min: 0.5, max: 8, noNaN: true }),
  cap: fc.option(fc.integer({ min: 1000, max: 1_000_000 }), { nil: undefined }),
  tasks: fc.array(taskArb, { minLength: 1, maxLength: 6 }),
});
const mixtureArb: fc.Arbitrary<MixtureSpec> = fc
  .tuple(levelArb, fc.option(fc.tuple(levelArb, fc.option(fc.double({ min: 0.01, max: 100, noNaN: true }), { nil: undefined })), { nil: undefined }))
  .map(([root, child]) => {
    // Names unique across both files: t0, t1, ... (a task's data file is named after it, as engines name sources).
    let n = 0;
    const named = (tasks: Omit<TaskSpec, 'name'>[]) => tasks.map((t) => ({ ...t, name: `t${n++}` }));
    const spec: MixtureSpec = { ...root, tasks: named(root.tasks) };
    if (child) spec.child = { spec: { ...child[0], tasks: named(child[0].tasks) }, ...(child[1] !== undefined ? { rate: child[1] } : {}) };
    return spec;
  });

function mixtureText(name: string, spec: Omit<MixtureSpec, 'child'>, include?: { file: string; rate?: number }): string {
  const lines = [`mixture: ${name}`, 'sampling:', `  strategy: ${spec.strategy}`];
  if (spec.strategy === 'temperature') lines.push(`  temperature: ${spec.temperature}`);
  if (spec.cap !== undefined && spec.strategy !== 'manual' && spec.strategy !== 'uniform') lines.push(`  cap: ${spec.cap}`);
  lines.push('tasks:');
  for (const t of spec.tasks) {
    lines.push(`  - name: ${t.name}`, `    prefix: "${t.name}:"`, `    examples: ${t.examples}`, `    data: data/${t.name}.jsonl`);
    if (spec.strategy === 'manual') lines.push(`    rate: ${t.rate}`);
    if (t.scale !== undefined && spec.strategy !== 'manual' && spec.strategy !== 'uniform') lines.push(`    scale: ${t.scale}`);
  }
  if (include) lines.push(`  - include: ${include.file}`, ...(include.rate !== undefined ? [`    rate: ${include.rate}`] : []));
  return lines.join('\n') + '\n';
}

async function roundTrip(spec: MixtureSpec, dir: string): Promise<void> {
  // A manual parent needs a rate for the include (or a default): give it one when the spec has none.
  const child = spec.child ? { ...spec.child, rate: spec.child.rate ?? (spec.strategy === 'manual' ? 1 : undefined) } : undefined;
  if (child) writeFileSync(join(dir, 'child.mixture.yaml'), mixtureText('child', child.spec));
  const source = join(dir, 'm.mixture.yaml');
  writeFileSync(source, mixtureText('m', spec, child ? { file: 'child.mixture.yaml', ...(child.rate !== undefined ? { rate: child.rate } : {}) } : undefined));
  const original = await new MixtureProject().analyze(source);
  assert.ok(original.rates, JSON.stringify(original.diagnostics.filter((d) => d.severity === 'error')));
  const expected = new Map(original.rates.tasks.filter((t) => t.rate > 0).map((t) => [t.name, t.rate]));
  for (const f of FORMATS) {
    const exported = join(dir, f.file);
    writeFileSync(exported, exportAnalysis(original, f.exportAs));
    for (const c of exportCompanions(f.exportAs, exportInputOf(original))) writeFileSync(join(dir, c.fileName), c.text);
    const file = { path: exported, text: exportAnalysis(original, f.exportAs) };
    assert.equal(await detectEngineFormat(file), f.engine, `${f.engine}: detected from ${f.file}`);
    const imported = await importEngineFile(file, { from: f.engine });
    const out = join(dir, `back-${f.engine}.mixture.yaml`);
    writeFileSync(out, renderImport(imported, f.file).text);
    const back = await new MixtureProject().analyze(out);
    assert.ok(back.rates, `${f.engine}: ${JSON.stringify(back.diagnostics.filter((d) => d.severity === 'error'))}\n${renderImport(imported, f.file).text}`);
    const actual = new Map(back.rates.tasks.map((t) => [t.name, t.rate]));
    // Exports write probabilities in units of 2^-52 so that they sum to exactly 1 (exactProbabilities): a task
    // below that rounds to 0 and is left out of the engine's file, which is within the tolerance too.
    for (const name of actual.keys()) assert.ok(expected.has(name), `${f.engine}: ${name} came back from nowhere`);
    for (const [name, p] of expected) assert.ok(Math.abs((actual.get(name) ?? 0) - p) <= 1e-12, `${f.engine}: ${name} ${actual.get(name)} vs ${p}`);
  }
}

test('import(export(m)) has m\'s probabilities in every engine format (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(mixtureArb, async (spec) => {
      const dir = mkdtempSync(join(tmpdir(), 'taskmix-roundtrip-'));
      try {
        await roundTrip(spec, dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 40 },
  );
});
