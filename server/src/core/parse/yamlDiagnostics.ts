// Problems found while reading YAML, as located diagnostics with messages a user can act on.

import type { YAMLError } from 'yaml';
import type { Diagnostic, Range } from '../types';

export const YAML_SYNTAX = 'yaml-syntax';
export const NOT_A_MAPPING = 'not-a-mapping';
export const FILE_TOO_LARGE = 'file-too-large';
export const LARGE_FILE = 'large-file';

/** More than this many syntax errors is noise (binary garbage yields thousands); the last one says how many. */
export const MAX_SYNTAX_DIAGNOSTICS = 100;

/** yaml's CST token names, as the characters a user typed. */
const TOKEN_NAMES: Record<string, string> = {
  'block-seq-ind': "'-'",
  'seq-item-ind': "'-'",
  'explicit-key-ind': "'?'",
  'map-value-ind': "':'",
  'flow-map-start': "'{'",
  'flow-map-end': "'}'",
  'flow-seq-start': "'['",
  'flow-seq-end': "']'",
  'flow-error-end': 'a closing bracket',
  'doc-start': "'---'",
  'doc-end': "'...'",
  'block-scalar-header': "'|' or '>'",
  'byte-order-mark': 'a byte order mark',
};

/** Messages of our own where yaml's would leave a user guessing what to change. */
function clearerMessage(code: string, message: string, text: string, range: Range): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `Duplicate key ${JSON.stringify(text.slice(range[0], range[1]))}: a key can appear only once in a map; remove or rename one of them.`;
    case 'TAB_AS_INDENT':
      return 'Tabs cannot indent YAML: indent with spaces.';
    case 'MULTIPLE_DOCS':
      return "A mixture file holds one YAML document: remove the '---' and what follows, or move it to its own file.";
    case 'RESOURCE_EXHAUSTION':
      return 'The YAML is nested too deeply to read.';
    case 'BAD_INDENT':
      return `${message}: check the indentation of this line.`;
    case 'TAG_RESOLVE_FAILED':
      return `${message}: mixture files use plain YAML values; remove the tag.`;
  }
  return message.replace(/\b[a-z]+(?:-[a-z]+)+\b/g, (name) => TOKEN_NAMES[name] ?? name);
}

function sentence(message: string): string {
  const trimmed = message.trim().replace(/\s+/g, ' ');
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A range inside the text, at least one character wide where the text allows. */
export function clampRange(start: number, end: number, textLength: number): Range {
  const s = Math.max(0, Math.min(start, textLength));
  let e = Math.max(s, Math.min(end, textLength));
  if (e === s && s < textLength) e = s + 1;
  return [s, e];
}

/** A plain or quoted implicit key: up to the `:` that ends it. */
const KEY_AT = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n]*?(?=[ \t]*:(?:[ \t\r\n]|$))/y;

/** yaml points at a duplicate key's first character; the squiggle reads better under the whole key. */
function keyRangeAt(text: string, start: number): Range {
  KEY_AT.lastIndex = start;
  const m = KEY_AT.exec(text);
  return clampRange(start, m && m[0].length > 0 ? start + m[0].length : start + 1, text.length);
}

/** yaml's errors and warnings, in the text's coordinates. */
export function yamlErrorDiagnostics(errors: readonly YAMLError[], warnings: readonly YAMLError[], text: string): Diagnostic[] {
  const all = [
    ...errors.map((e) => ({ e, severity: 'error' as const })),
    ...warnings.map((e) => ({ e, severity: 'warning' as const })),
  ];
  return all.map(({ e, severity }) => {
    const range = e.code === 'DUPLICATE_KEY' ? keyRangeAt(text, e.pos[0]) : clampRange(e.pos[0], e.pos[1], text.length);
    return { code: YAML_SYNTAX, severity, message: sentence(clearerMessage(e.code, e.message, text, range)), range };
  });
}

/** YAML allows only printable characters (tab, line breaks and the printable ranges of Unicode). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]+|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Each run of characters YAML does not allow (NUL bytes, other control codes: often a binary file). */
export function nonPrintableDiagnostics(text: string, limit = 20): Diagnostic[] {
  const out: Diagnostic[] = [];
  NON_PRINTABLE.lastIndex = 0;
  for (let m = NON_PRINTABLE.exec(text); m && out.length < limit; m = NON_PRINTABLE.exec(text)) {
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    out.push({
      code: YAML_SYNTAX,
      severity: 'error',
      message: `Character U+${code} is not allowed in YAML (is this a binary file?): remove it.`,
      range: [m.index, m.index + m[0].length],
    });
  }
  return out;
}

/** Sorted by position; past the cap, one diagnostic says how many more there are. */
export function capDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = diagnostics.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (sorted.length <= MAX_SYNTAX_DIAGNOSTICS) return sorted;
  const kept = sorted.slice(0, MAX_SYNTAX_DIAGNOSTICS);
  const last = kept[kept.length - 1];
  kept[kept.length - 1] = {
    ...last,
    message: `${last.message} (${sorted.length - MAX_SYNTAX_DIAGNOSTICS} more problems not shown)`,
  };
  return kept;
}

/** The first line of a range: a squiggle under one line reads better than one under the whole file. */
export function firstLine(text: string, range: Range): Range {
  const nl = text.indexOf('\n', range[0]);
  return [range[0], nl < 0 || nl >= range[1] ? range[1] : nl];
}
