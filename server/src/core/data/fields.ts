// Field access and T5's text-to-text view of a record: `{prefix} {input}` -> `{target}`.
import type { DataRecord, FieldNames, MissingField } from './outcome';

/**
 * The value at a field path: a key of the record, or a dotted path into nested objects (`answers.text`).
 * A key that itself contains dots wins over the nested reading. Through an array, a numeric part indexes it
 * (`answers.0`) and a name maps over its elements (`answers.text` on a list of {text} objects gives the texts).
 * Undefined when the path does not exist.
 */
export function getField(record: unknown, dottedPath: string): unknown {
  if (isObject(record) && Object.prototype.hasOwnProperty.call(record, dottedPath)) return record[dottedPath];
  return walk(record, dottedPath.split('.'));
}

function walk(value: unknown, parts: string[]): unknown {
  if (parts.length === 0) return value;
  const [part, ...rest] = parts as [string, ...string[]];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) return walk(value[Number(part)], rest);
    const mapped = value.map((item) => walk(item, parts));
    return mapped.some((item) => item === undefined) ? undefined : mapped;
  }
  if (isObject(value) && Object.prototype.hasOwnProperty.call(value, part)) return walk(value[part], rest);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const roles = ['input', 'target'] as const;

/**
 * Fields the records lack, one entry per role at the first record without it. With `columns` (a CSV/TSV header),
 * a column that is not in the header is reported at the header line instead.
 */
export function findMissingFields(
  records: readonly DataRecord[],
  fields: FieldNames,
  columns?: { names: readonly string[]; line: number },
): MissingField[] {
  const missing: MissingField[] = [];
  for (const role of roles) {
    const field = fields[role];
    if (columns) {
      if (!columns.names.includes(field)) {
        const known = columns.names.length ? columns.names.join(', ') : 'none';
        missing.push({ role, field, line: columns.line, message: `The header has no column "${field}" for the ${role} (columns: ${known}).` });
      }
      continue;
    }
    const without = records.find((item) => getField(item.record, field) === undefined);
    if (without) {
      const keys = isObject(without.record) ? Object.keys(without.record).join(', ') || 'none' : 'not an object';
      missing.push({
        role,
        field,
        line: without.line,
        message: `The record on line ${without.line} has no field "${field}" for the ${role} (its keys: ${keys}).`,
      });
    }
  }
  return missing;
}

export type FormattedExample = { input: string; target: string | string[] } | { error: string };

/**
 * A record as T5 sees it: the input text is the task prefix, a space, then the input field; the target is the
 * target field. Numbers and booleans become text as Python's str() writes them (T5 feeds GLUE labels as text);
 * a list of strings as target is a set of references (SQuAD-style answers).
 */
export function formatExample(record: unknown, fields: FieldNames, prefix: string): FormattedExample {
  const input = getField(record, fields.input);
  if (input === undefined) return { error: `The record has no field "${fields.input}" for the input.` };
  const inputText = scalarText(input);
  if (inputText === undefined) {
    return { error: `The input field "${fields.input}" holds ${describe(input)}; it must be text, a number or a boolean.` };
  }
  const target = getField(record, fields.target);
  if (target === undefined) return { error: `The record has no field "${fields.target}" for the target.` };
  let targetText: string | string[] | undefined;
  if (Array.isArray(target)) {
    const references = target.map(scalarText);
    if (target.length === 0) return { error: `The target field "${fields.target}" is an empty list: it has no reference.` };
    if (references.every((reference): reference is string => reference !== undefined)) targetText = references;
  } else {
    targetText = scalarText(target);
  }
  if (targetText === undefined) {
    return {
      error: `The target field "${fields.target}" holds ${describe(target)}; it must be text, a number, a boolean or a list of them.`,
    };
  }
  const head = prefix.trim();
  return { input: head ? `${head} ${inputText}` : inputText, target: targetText };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonNumberText(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/** Python's str() of an int or float (JSON cannot tell 1.0 from 1, so integral values print as ints). */
function pythonNumberText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const text = String(value);
  // JavaScript writes 1e+21 and 1e-7; Python writes 1e+21 and 1e-07.
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
