// Where "Export Mixture As..." proposes to write, and the summary "Check All Mixtures" shows. Pure.
import { dirname, join } from 'node:path';
import type { CheckAllResponse } from '../../contracts/lsp';

/** The suggested file beside the mixture (e.g. `glue_t5.py` next to `glue.mixture.yaml`). */
export function defaultExportPath(mixturePath: string, suggestedName: string): string {
  const safe = suggestedName.replace(/[\\/]/g, '_') || 'mixture.export';
  return join(dirname(mixturePath), safe);
}

export function checkAllSummary(result: CheckAllResponse): { message: string; severity: 'info' | 'warning' | 'error' } {
  const files = result.files.length;
  const errors = result.files.reduce((s, f) => s + f.errors, 0);
  const warnings = result.files.reduce((s, f) => s + f.warnings, 0);
  const withErrors = result.files.filter((f) => f.errors > 0).length;
  if (files === 0) return { message: 'TaskMix: no *.mixture.yaml files in the workspace.', severity: 'info' };
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const message =
    `TaskMix checked ${files} mixture${files === 1 ? '' : 's'}: ${counts}` +
    (withErrors ? ` (${withErrors} file${withErrors === 1 ? '' : 's'} with errors).` : '.');
  return { message, severity: errors ? 'error' : warnings ? 'warning' : 'info' };
}
