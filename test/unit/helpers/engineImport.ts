// The import pipeline end to end, as `taskmix import` then `taskmix rates` run it: an engine's file is read, the
// mixture (and any sub-mixture files) written into a temporary folder, and analyzed by the core like any mixture.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';
import { MixtureProject, type Analysis } from '../../../server/src/core/analyze';
import { importEngineFile, renderImport, type ImportOptions, type ImportResult } from '../../../server/src/core/engines';

export const enginesDir = resolve(__dirname, '../../../test/fixtures/engines');

/** A fixture's path and text. */
export function engineFixture(rel: string): { path: string; text: string } {
  const path = join(enginesDir, rel);
  return { path, text: readFileSync(path, 'utf8') };
}

/** A temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'taskmix-engines-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of a fixture folder in a temporary folder (for imports whose data must be found beside them). */
export function copyFixtures(rel: string): string {
  const dir = tempDir();
  cpSync(join(enginesDir, rel), dir, { recursive: true });
  return dir;
}

export interface ImportedRates {
  result: ImportResult;
  text: string;
  analysis: Analysis;
  /** Task name -> final probability, as `taskmix rates` computes it. */
  rates: Map<string, number>;
}

/** Imports `file`, writes the mixture as `outDir/NAME` (default a new temporary folder), and computes its rates. */
export async function importAndRate(file: { path: string; text: string }, options: ImportOptions = {}, outDir = tempDir(), outName = 'imported.mixture.yaml'): Promise<ImportedRates> {
  const result = await importEngineFile(file, options);
  const rendered = renderImport(result, file.path);
  const out = join(outDir, outName);
  writeFileSync(out, rendered.text);
  for (const c of rendered.companions) writeFileSync(join(outDir, c.fileName), c.text);
  const analysis = await new MixtureProject().analyze(out);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `the imported mixture has errors:\n${rendered.text}`);
  assert.ok(analysis.rates, 'the imported mixture has rates');
  return { result, text: rendered.text, analysis, rates: new Map(analysis.rates.tasks.map((t) => [t.name, t.rate])) };
}

/** Asserts each expected probability to 1e-12 (and no other task). */
export function assertProbabilities(actual: ReadonlyMap<string, number>, expected: Record<string, number>): void {
  assert.deepEqual([...actual.keys()].sort(), Object.keys(expected).sort());
  for (const [name, p] of Object.entries(expected)) {
    assert.ok(Math.abs(actual.get(name)! - p) <= 1e-12, `${name}: ${actual.get(name)} vs the engine's ${p}`);
  }
}
