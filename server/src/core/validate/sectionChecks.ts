// Checks every written key of one map against its section of the format definition: unknown keys,
// other tools' keys, value types and numeric bounds. Shared by the entry and top-level checks.
import type { KeyDef, SectionDef, ValueDef } from '../schema/keyDefinition';
import { keyDef, METRIC_NAMES, validKeys } from '../schema/mixtureFormat';
import type { Diagnostic, Fix, KeyInfo, Located, Range } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { KEY_ALIASES, METRIC_ALIASES, suggest } from './didYouMean';
import { removeKeyEdit, replaceEdit } from '../edit';

type ValueType = KeyInfo['valueType'];

function expectedTypes(v: ValueDef): readonly ValueType[] | null {
  switch (v.kind) {
    case 'string': return ['string'];
    case 'number': return ['number'];
    case 'boolean': return ['boolean'];
    case 'stringList': return ['seq'];
    case 'section': return v.nullable ? ['map', 'null'] : ['map'];
    case 'scoreMap':
    case 'pairwiseMap': return ['map'];
    case 'entries': return ['seq', 'null'];
    case 'foreign': return null;
  }
}

/** "a whole number ≥ 0", "text", ... : what the key takes, in words. */
export function describeExpected(v: ValueDef): string {
  switch (v.kind) {
    case 'string': return 'text';
    case 'number': {
      const what = v.integer ? 'a whole number' : 'a number';
      return v.minimum ? `${what} ${v.minimum.exclusive ? '>' : '≥'} ${v.minimum.value}` : what;
    }
    case 'boolean': return '`true` or `false`';
    case 'stringList': return 'a list of text, e.g. `[a, b]`';
    case 'section': return 'a map of keys';
    case 'scoreMap': return 'a map of task name to score';
    case 'pairwiseMap': return 'a map of target task to a map of source task to score';
    case 'entries': return 'a list of task items';
    case 'foreign': return 'anything';
  }
}

const TYPE_WORDS: Record<ValueType, string> = {
  string: 'text', number: 'a number', boolean: 'a boolean', null: 'empty', map: 'a map', seq: 'a list',
};

export function valueOrKeyRange(k: KeyInfo): Range {
  return k.valueRange[1] > k.valueRange[0] ? k.valueRange : k.keyRange;
}

/** A small edit that turns a wrong-typed value into the expected type, where one is obvious. */
function typeFix(def: KeyDef, k: KeyInfo, text: string | undefined): Fix | undefined {
  if (text === undefined || k.valueRange[1] <= k.valueRange[0]) return undefined;
  const raw = text.slice(k.valueRange[0], k.valueRange[1]);
  if (def.value.kind === 'string' && (k.valueType === 'number' || k.valueType === 'boolean')) {
    return { title: `Quote the value: ${JSON.stringify(raw)}`, edits: [replaceEdit(k.valueRange, JSON.stringify(raw))], preferred: true };
  }
  if (def.value.kind === 'stringList' && k.valueType === 'string') {
    return { title: `Make it a list: [${raw}]`, edits: [replaceEdit(k.valueRange, `[${raw}]`)], preferred: true };
  }
  if (def.value.kind === 'number' && k.valueType === 'string') {
    // "8,551" or "8_551" or '8551': the number the user meant.
    const digits = raw.replace(/^["']|["']$/g, '').replace(/[,_\s]/g, '');
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(digits)) {
      return { title: `Write the number ${digits}`, edits: [replaceEdit(k.valueRange, digits)], preferred: true };
    }
  }
  return undefined;
}

function checkNumber(def: KeyDef, v: Extract<ValueDef, { kind: 'number' }>, value: Located<number>, where: string): Diagnostic[] {
  const n = value.value;
  const name = `\`${def.key}\``;
  if (!Number.isFinite(n)) return [makeDiagnostic('wrong-type', value.range, `${name}${where} must be a finite number, not ${n}.`)];
  if (v.integer && !Number.isInteger(n)) {
    return [makeDiagnostic('wrong-type', value.range, `${name}${where} must be a whole number, not ${n}: write ${Math.round(n)}.`)];
  }
  const min = v.minimum;
  if (min && (min.exclusive ? n <= min.value : n < min.value)) {
    if (min.exclusive) {
      return [makeDiagnostic('not-positive', value.range, `${name}${where} must be greater than ${min.value}, not ${n}.`)];
    }
    return [makeDiagnostic('negative-value', value.range, `${name}${where} must be ${min.value} or more, not ${n}.`)];
  }
  return [];
}

function checkMetrics(list: readonly Located<string>[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of list) {
    if (METRIC_NAMES.includes(m.value)) continue;
    const guess = suggest(m.value, METRIC_NAMES, METRIC_ALIASES);
    const known = `Known metrics: ${METRIC_NAMES.join(', ')}.`;
    out.push(
      makeDiagnostic('unknown-metric', m.range, guess ? `Unknown metric \`${m.value}\`: did you mean \`${guess}\`?` : `Unknown metric \`${m.value}\`. ${known}`, {
        fixes: guess ? [{ title: `Change to \`${guess}\``, edits: [replaceEdit(m.range, guess)], preferred: true }] : [],
      }),
    );
  }
  return out;
}

/**
 * Diagnostics for the keys written in one map of `section`. `typed` is the model object whose
 * fields hold the typed values (a TaskEntry, a SamplingSpec, ...); `text` enables fixes that read it.
 */
export function checkSectionKeys(section: SectionDef, keys: readonly KeyInfo[], typed: object, text: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const values = typed as Record<string, unknown>;
  const where = section.name === 'top' ? '' : ` in ${section.label}`;
  for (const k of keys) {
    const def = keyDef(section.name, k.key);
    if (!def) {
      out.push(unknownKey(section, k, keys));
      continue;
    }
    if (def.value.kind === 'foreign') {
      out.push(foreignKey(def.value.replacement, k, keys, text));
      continue;
    }
    const expected = expectedTypes(def.value);
    if (expected && !expected.includes(k.valueType)) {
      const fix = typeFix(def, k, text);
      const got = TYPE_WORDS[k.valueType];
      out.push(
        makeDiagnostic('wrong-type', valueOrKeyRange(k), `\`${k.key}\`${where} must be ${describeExpected(def.value)}, not ${got}.`, {
          fixes: fix ? [fix] : [],
        }),
      );
      continue;
    }
    if (def.value.kind === 'number') {
      const v = values[k.key] as Located<number> | undefined;
      if (v) out.push(...checkNumber(def, def.value, v, where));
    }
    if (def.value.kind === 'stringList' && def.value.allowed) {
      const list = values[k.key] as Located<string>[] | undefined;
      if (list) out.push(...checkMetrics(list));
    }
  }
  return out;
}

function unknownKey(section: SectionDef, k: KeyInfo, siblings: readonly KeyInfo[]): Diagnostic {
  if (section.name === 'include' && keyDef('task', k.key)) {
    return makeDiagnostic(
      'include-extra-key',
      k.keyRange,
      `\`${k.key}\` does not belong in an include item, which holds only \`include\` and \`rate\`: ` +
        'define the task in the included file, or make this a task item without `include`.',
    );
  }
  const written = new Set(siblings.map((s) => s.key));
  const candidates = validKeys(section.name).filter((c) => !written.has(c));
  const guess = suggest(k.key, candidates, KEY_ALIASES);
  const valid = validKeys(section.name).map((c) => `\`${c}\``).join(', ');
  const message = guess
    ? `Unknown key \`${k.key}\` in ${section.label}: did you mean \`${guess}\`?`
    : `Unknown key \`${k.key}\` in ${section.label}. Valid keys: ${valid}.`;
  return makeDiagnostic('unknown-key', k.keyRange, message, {
    fixes: guess ? [{ title: `Rename to \`${guess}\``, edits: [replaceEdit(k.keyRange, guess)], preferred: true }] : [],
  });
}

function foreignKey(replacement: string, k: KeyInfo, siblings: readonly KeyInfo[], text: string | undefined): Diagnostic {
  const taken = siblings.some((s) => s.key === replacement);
  const message =
    `TaskMix does not read \`${k.key}\` (another tool's name for a task's share): use \`${replacement}\`, a raw rate ` +
    'normalized with its siblings' + (taken ? `; this item already has \`${replacement}\`, so remove \`${k.key}\`.` : '.');
  const fixes: Fix[] = taken
    ? text !== undefined ? [{ title: `Remove \`${k.key}\``, edits: [removeKeyEdit(text, k)], preferred: true }] : []
    : [{ title: `Rename to \`${replacement}\``, edits: [replaceEdit(k.keyRange, replacement)], preferred: true }];
  return makeDiagnostic('foreign-weight-key', k.keyRange, message, { fixes });
}
