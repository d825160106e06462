// The export of an analyzed mixture, shared by `taskmix export` and the server's `taskmix/export`:
// data paths are written relative to the mixture file's folder.
import { basename, dirname, relative } from 'node:path';
import type { Analysis } from '../analyze';
import type { ExportFormat } from './exportInput';
import { exportMixture } from './index';

/** The export text of an analysis that has rates (call only when `analysis.rates` is set). */
export function exportAnalysis(analysis: Analysis, format: ExportFormat, seed?: number): string {
  if (!analysis.rates || !analysis.sampling) throw new Error('exportAnalysis needs an analysis without errors');
  const dir = dirname(analysis.file);
  const dataFiles = new Map<string, string>();
  for (const t of analysis.tasks) if (t.data) dataFiles.set(t.name, relative(dir, t.data) || t.data);
  return exportMixture(format, {
    result: analysis.rates,
    sourceFile: basename(analysis.file),
    sampling: analysis.sampling,
    dataFiles,
    ...(seed !== undefined ? { seed } : {}),
  });
}
