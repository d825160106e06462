// Values as the Python references see them: Python's float() for regression outputs, and str() of the JSON
// scalars a label or an id can be written as.
import { pythonStrip } from './pythonText';

const DIGITS = '[0-9](?:_?[0-9])*';
const DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Python's `float(text)` for ASCII digits (surrounding whitespace and single underscores between digits allowed),
 * or undefined where Python raises ValueError. inf and nan parse as they do in Python.
 */
export function parsePythonFloat(text: string): number | undefined {
  const body = pythonStrip(text);
  if (DECIMAL.test(body)) return Number(body.replaceAll('_', ''));
  if (SPECIAL.test(body)) {
    const negative = body.startsWith('-');
    if (/nan$/i.test(body)) return NaN;
    return negative ? -Infinity : Infinity;
  }
  return undefined;
}

/** Python's str() of a JSON scalar (JSON cannot tell 1.0 from 1, so integral numbers print as ints); undefined for other values. */
export function pythonScalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return undefined;
}
