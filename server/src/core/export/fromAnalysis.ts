// The export of an analyzed mixture, shared by `taskmix export` and the server's `taskmix/export`:
// data paths are written relative to the mixture file's folder.
import { basename, dirname, relative } from 'node:path';
import type { Analysis } from '../analyze';
import type { ExportFormat, ExportInput } from './exportInput';
import { exportMixture } from './index';

/** What every export of an analysis that has rates is made from (call only when `analysis.rates` is set). */
export function exportInputOf(analysis: Analysis, seed?: number): ExportInput {
  if (!analysis.rates || !analysis.sampling) throw new Error('exportAnalysis needs an analysis without errors');
  const dir = dirname(analysis.file);
  const dataFiles = new Map<string, string>();
  for (const t of analysis.tasks) if (t.data) dataFiles.set(t.name, relative(dir, t.data) || t.data);
  const fieldNames = new Map(analysis.tasks.map((t) => [t.name, { input: t.fields.input, target: t.fields.target }]));
  return {
    result: analysis.rates,
    sourceFile: basename(analysis.file),
    sampling: analysis.sampling,
    dataFiles,
    fieldNames,
    ...(seed !== undefined ? { seed } : {}),
  };
}

/** The export text of an analysis that has rates (call only when `analysis.rates` is set). */
export function exportAnalysis(analysis: Analysis, format: ExportFormat, seed?: number): string {
  return exportMixture(format, exportInputOf(analysis, seed));
}
