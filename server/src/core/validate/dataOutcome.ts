// Diagnostics from reading a task's data file, once the lead's reader has counted it.
import type { Diagnostic, Fix, MixtureModel, Range, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { suggest } from './didYouMean';
import { effectiveStrategy } from './topLevelChecks';
import { insertKeyEdit, replaceEdit, yamlString } from '../edit';

/** A field the reader did not find in the first records. */
export interface MissingField {
  field: 'input' | 'target';
  /** The key or column looked for (e.g. `sentence`, `answers.text`). */
  name: string;
  /** 1-based line (JSONL, CSV, TSV) or record number (JSON, Parquet) where it was first absent. */
  line: number;
  /** Keys or columns the first record does have, for "did you mean". */
  available?: readonly string[];
}

/** What reading `data` (or `eval`) of one task found. */
export type DataOutcome =
  | {
      status: 'ok';
      key?: 'data' | 'eval';
      count: number;
      missingFields?: readonly MissingField[];
      /** What the reader noticed while counting (a record too large to show, a ragged row): one warning each. */
      warnings?: readonly string[];
      /** The path as written, for the warnings' messages. */
      path?: string;
    }
  | { status: 'missing'; key?: 'data' | 'eval'; path: string }
  | { status: 'unreadable'; key?: 'data' | 'eval'; path: string; reason: string }
  | {
      status: 'malformed';
      key?: 'data' | 'eval';
      path: string;
      line: number;
      reason: string;
      /** The file's absolute path: the diagnostic links to it at `line` (related information). */
      file?: string;
    };

/**
 * Diagnostics of one task's data outcome; `text` enables the fixes that insert keys. `sizeNeeded` (default true):
 * whether the rates need this file's count (see `dataSizeNeeded`); a `data` file that is missing when they do not
 * is only a warning, since an imported blend's data usually lives on the cluster, not on this machine.
 */
export function checkDataOutcome(entry: TaskEntry, outcome: DataOutcome, text?: string, sizeNeeded = true): Diagnostic[] {
  const key = outcome.key ?? 'data';
  const located = entry[key];
  if (!located) return [];
  const at = located.range;
  switch (outcome.status) {
    case 'missing':
      if (key === 'data' && !sizeNeeded) {
        return [makeDiagnostic('data-file-not-here', at, `\`data\` file not found on this machine: ${outcome.path}. The rates do not need its size here (the task has \`examples\`, or the strategy is manual or uniform), so this is only a warning; paths are relative to this mixture file.`)];
      }
      return [makeDiagnostic('data-file-missing', at, `\`${key}\` file not found: ${outcome.path}. Paths are relative to this mixture file.`)];
    case 'unreadable':
      return [makeDiagnostic('data-file-unreadable', at, `Cannot read \`${key}\` file ${outcome.path}: ${outcome.reason.replace(/\.$/, '')}.`)];
    case 'malformed':
      // The reader's reason already names the line and the fix; the related information opens the file there.
      return [
        makeDiagnostic('data-malformed', at, `${outcome.path}: ${outcome.reason}`, {
          related: outcome.file ? [{ message: `Line ${outcome.line} of ${outcome.path}`, range: [0, 0], file: outcome.file, line: outcome.line }] : [],
        }),
      ];
    case 'ok': {
      const out: Diagnostic[] = [];
      for (const m of outcome.missingFields ?? []) out.push(missingField(entry, m, at, text));
      for (const w of outcome.warnings ?? []) out.push(makeDiagnostic('data-warning', at, outcome.path ? `${outcome.path}: ${w}` : w));
      if (key === 'data' && entry.examples && entry.examples.value !== outcome.count) {
        out.push(
          makeDiagnostic('examples-mismatch', entry.examples.range, `\`examples\` is ${entry.examples.value}, but \`data\` has ${outcome.count} records. Set examples to the counted ${outcome.count}, or remove it to use the count.`, {
            fixes: [{ title: `Set examples to the counted ${outcome.count}`, edits: [replaceEdit(entry.examples.range, String(outcome.count))], preferred: true }],
          }),
        );
      }
      return out;
    }
  }
}

function missingField(entry: TaskEntry, m: MissingField, dataRange: Range, text: string | undefined): Diagnostic {
  const written = entry.fields?.[m.field];
  const guess = m.available?.length ? suggest(m.name, m.available) ?? (m.available.length === 1 ? m.available[0] : undefined) : undefined;
  const has = m.available?.length ? ` Its keys: ${m.available.map((a) => `\`${a}\``).join(', ')}.` : '';
  const message =
    `The ${m.field} field \`${m.name}\` is missing from record ${m.line} of the data.${has} ` +
    (guess ? `Did you mean \`${guess}\`? ` : '') + `Set \`fields.${m.field}\` to the key holding the ${m.field}.`;
  const fixes: Fix[] = [];
  if (guess) {
    const title = `Set fields.${m.field} to \`${guess}\``;
    if (written) fixes.push({ title, edits: [replaceEdit(written.range, yamlString(guess))], preferred: true });
    else if (text !== undefined && entry.fields?.keys) {
      fixes.push({ title, edits: [insertKeyEdit(text, entry.fields.keys, entry.fields.range, `${m.field}: ${yamlString(guess)}`)], preferred: true });
    } else if (text !== undefined && !entry.keys.some((k) => k.key === 'fields')) {
      fixes.push({ title, edits: [insertKeyEdit(text, entry.keys, entry.range, `fields: {${m.field}: ${yamlString(guess)}}`)], preferred: true });
    }
  }
  return makeDiagnostic('data-fields-missing', written?.range ?? dataRange, message, { fixes });
}

/** How a task's `data` fared: counted, failed (its own diagnostic says why), or not counted at all. */
export type DataCountState = 'counted' | 'failed' | 'not-counted';

/**
 * Whether the rates need this task's size n from its `data`: it has no `examples`, and its mixture's strategy reads
 * sizes. `manual` and `uniform` never do (spec 1.1: unknown sizes under them are not errors; epochs are unknown), nor
 * does a size-based strategy for a task whose fixed `rate` replaces the computed one (a seqio literal rate beside
 * rate_num_examples).
 */
export function dataSizeNeeded(model: MixtureModel, entry: TaskEntry): boolean {
  if (entry.examples) return false;
  const strategy = effectiveStrategy(model.sampling);
  if (strategy === 'manual' || strategy === 'uniform') return false;
  return strategy === 'unimax' || !entry.rate;
}

/** A task whose size n is unknown: no `examples`, and no `data` that was counted; not reported where `sizeNeeded` is
 *  false (its rate does not depend on n). */
export function checkTaskSize(entry: TaskEntry, data: DataCountState, sizeNeeded = true): Diagnostic[] {
  if (entry.examples || data !== 'not-counted' || !sizeNeeded) return [];
  const at = entry.name?.range ?? entry.range;
  const name = entry.name ? `'${entry.name.value}'` : 'this task';
  const why = entry.data
    ? 'its `data` is not counted (data counting is off, or the file is over the byte limit)'
    : 'it has neither `examples` nor `data`';
  return [makeDiagnostic('examples-unknown', at, `The size of task ${name} is unknown: ${why}. Add \`examples: N\` or a \`data:\` file that can be counted.`)];
}
