// Diagnostics from resolving one `include` item, once the lead has loaded (or failed to load) it.
import type { Diagnostic, IncludeEntry, Range, RelatedInformation } from '../types';
import { makeDiagnostic } from './diagnosticCodes';

/** What resolving an include found. Paths are as they should read in messages. */
export type IncludeOutcome =
  | { status: 'ok' }
  | { status: 'missing'; path: string; reason?: string }
  /** It exists but cannot be read as a mixture: not a regular file (a FIFO, a device, a directory), or an I/O error. */
  | { status: 'unreadable'; path: string; reason: string }
  /** The chain of files from this one back to a file already on the path, e.g. [a, b, a]. */
  | { status: 'cycle'; chain: readonly string[] }
  /** The included file's errors; `file` is its absolute path (for related information). */
  | { status: 'has-errors'; path: string; file: string; errors: readonly { message: string; range: Range }[] };

/** How many of the included file's errors are listed as related information. */
const RELATED_LIMIT = 5;

export function checkIncludeOutcome(entry: IncludeEntry, outcome: IncludeOutcome): Diagnostic[] {
  const at = entry.include.range;
  switch (outcome.status) {
    case 'ok':
      return [];
    case 'missing':
      return [makeDiagnostic('include-missing', at, `Included file not found: ${outcome.path}${outcome.reason ? ` (${outcome.reason})` : ''}. Paths are relative to this mixture file.`)];
    case 'unreadable':
      return [makeDiagnostic('include-missing', at, `Cannot read the included file ${outcome.path}: ${outcome.reason}. An include names another mixture file (*.mixture.yaml).`)];
    case 'cycle':
      return [makeDiagnostic('include-cycle', at, `Include cycle: ${outcome.chain.join(' → ')}. A mixture cannot contain itself: remove this include or the one that leads back.`)];
    case 'has-errors': {
      const n = outcome.errors.length;
      const related: RelatedInformation[] = outcome.errors.slice(0, RELATED_LIMIT).map((e) => ({ message: e.message, range: e.range, file: outcome.file }));
      return [
        makeDiagnostic('include-has-errors', at, `${outcome.path} has ${n} error${n === 1 ? '' : 's'}, so its tasks and rates are unknown: fix ${n === 1 ? 'it' : 'them'} there${n ? ` (first: ${outcome.errors[0].message})` : ''}.`, { related }),
      ];
    }
  }
}
