// One guarded YAML read: whatever the text holds (binary garbage, alias bombs, deep nesting), this returns
// a document or diagnostics, never an exception.

import { isAlias, parseDocument, visit, type Alias, type Document, type ParsedNode } from 'yaml';
import type { Diagnostic } from '../types';
import { collectAliases, type AliasTable, type ReadContext, type ValueNode } from './yamlNodes';
import { clampRange, nonPrintableDiagnostics, yamlErrorDiagnostics, YAML_SYNTAX } from './yamlDiagnostics';

/** yaml's own default: enough for any hand-written file, and it stops "billion laughs" bombs. */
export const MAX_ALIAS_COUNT = 100;

/** Flow collections (`[`/`{`) nested deeper than this are refused before parsing. */
export const MAX_FLOW_DEPTH = 512;

/**
 * Block collections (indentation, and compact `- - x` items) nested deeper than this are refused before parsing.
 * yaml recurses once or more per level, and its stack runs out somewhere from 600 levels, earlier when it is
 * called deep in a server's stack: a mixture needs about six. Block and flow levels together count against
 * MAX_FLOW_DEPTH too.
 */
export const MAX_BLOCK_DEPTH = 128;

/** Where nesting first goes too deep, and of which kind. */
export interface TooDeep {
  offset: number;
  kind: 'flow' | 'block';
}

/**
 * Whether text[from, to) ends with a block scalar header (`|`, `>-`, `|2+` ...) written as a value (after `: `,
 * `- `, `? ` or alone): the lines after it are text, not structure. No slicing: this runs on every line.
 */
function endsWithBlockScalarHeader(text: string, from: number, to: number): boolean {
  let e = to - 1;
  while (e >= from && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9 || text.charCodeAt(e) === 13)) e--;
  // Up to two indicators: chomping (+ -) and an indentation digit.
  for (let n = 0; n < 2 && e >= from; n++) {
    const c = text.charCodeAt(e);
    if (c === 43 || c === 45 || (c >= 48 && c <= 57)) e--;
    else break;
  }
  if (e < from) return false;
  const c = text.charCodeAt(e);
  if (c !== 124 && c !== 62) return false;
  if (e === from) return true;
  let p = e - 1;
  if (text.charCodeAt(p) !== 32) return false;
  while (p > from && text.charCodeAt(p) === 32) p--;
  const before = text.charCodeAt(p);
  return before === 58 || before === 45 || before === 63;
}

/**
 * The first place where collections nest too deep, or undefined. One pass over the text: flow brackets are
 * counted outside quotes and comments; block levels are the indentation columns open at each line (plus one per
 * compact `- `, `? ` or `: ` indicator), skipping block scalars' text and lines inside quotes or brackets.
 */
export function nestingTooDeep(text: string): TooDeep | undefined {
  let depth = 0;
  let quote = 0;
  const columns: number[] = []; // the columns of the block levels open at the current line
  let scalarParent = -1; // inside a block scalar: lines indented more than this belong to it
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const column = i - lineStart;
    const empty = i === lineEnd || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 35;
    if (scalarParent >= 0) {
      if (empty || column > scalarParent) {
        lineStart = lineEnd + 1;
        continue;
      }
      scalarParent = -1;
    }
    if (quote === 0 && depth === 0 && !empty) {
      while (columns.length > 0 && columns[columns.length - 1]! > column) columns.pop();
      if (columns.length === 0 || columns[columns.length - 1]! < column) columns.push(column);
      // Compact nesting on one line: `- - x`, `- key:`, `? x`: each indicator opens a level at what follows it.
      let j = i;
      for (;;) {
        const c = text.charCodeAt(j);
        if (!(c === 45 || c === 63 || c === 58) || !(j + 1 === lineEnd || text.charCodeAt(j + 1) === 32)) break;
        j++;
        while (j < lineEnd && text.charCodeAt(j) === 32) j++;
        if (j === lineEnd || text.charCodeAt(j) === 35 || text.charCodeAt(j) === 13) break;
        columns.push(j - lineStart);
      }
      if (columns.length > MAX_BLOCK_DEPTH) return { offset: j, kind: 'block' };
    }
    const blockDepth = columns.length;
    // Flow brackets, quotes and comments on this line.
    let contentEnd = lineEnd;
    for (let k = i; k < lineEnd; k++) {
      const c = text.charCodeAt(k);
      if (quote !== 0) {
        if (c === quote) quote = 0;
        continue;
      }
      if (c === 91 || c === 123) {
        if (++depth > MAX_FLOW_DEPTH || depth + blockDepth > MAX_FLOW_DEPTH) return { offset: k, kind: 'flow' };
      } else if (c === 93 || c === 125) {
        if (depth > 0) depth--;
      } else if (c === 34 || c === 39) {
        // A quote opens a scalar only where one can start; inside a plain word (it's) it is just a character.
        const prev = k > 0 ? text.charCodeAt(k - 1) : 32;
        if (prev === 32 || prev === 10 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 45) quote = c;
      } else if (c === 35) {
        const prev = k > 0 ? text.charCodeAt(k - 1) : 32;
        if (prev === 32 || prev === 10 || prev === 9) {
          contentEnd = k;
          break;
        }
      }
    }
    if (quote === 0 && depth === 0 && !empty && endsWithBlockScalarHeader(text, i, contentEnd)) scalarParent = column;
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Characters of aliased source the model may read through aliases before it stops resolving them. */
const ALIAS_READ_BUDGET = 10_000_000;

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/** Resolves aliases through a table built once, within a budget so that aliases cannot multiply the work. */
class AliasResolvingContext implements ReadContext {
  readonly diagnostics: Diagnostic[] = [];
  private budget = ALIAS_READ_BUDGET;

  constructor(
    readonly text: string,
    readonly offset: number,
    private readonly targets: ReadonlyMap<Alias.Parsed, ValueNode> | undefined,
  ) {}

  resolve(node: ParsedNode | null | undefined): ValueNode | undefined {
    if (!node) return undefined;
    if (!isAlias(node)) return node;
    const target = this.targets?.get(node);
    if (!target || this.budget < 0) return undefined;
    this.budget -= target.range[2] - target.range[0] + 1;
    if (this.budget < 0) {
      this.diagnostics.push({
        code: YAML_SYNTAX,
        severity: 'error',
        message: 'Aliases here expand to too much data: TaskMix stops resolving them. Write the values out instead.',
        range: clampRange(node.range[0] + this.offset, node.range[1] + this.offset, this.offset + this.text.length),
      });
      return undefined;
    }
    return target;
  }
}

/** A read document with the diagnostics of reading it. */
export interface YamlRead {
  doc: Document.Parsed;
  /** Syntax errors, unknown aliases, alias bombs, characters YAML forbids. */
  diagnostics: Diagnostic[];
  ctx: AliasResolvingContext;
  aliases: AliasTable;
}

/** The alias a bomb starts from: the first whose target holds aliases itself, or the first used too often. */
function bombAlias(table: AliasTable): Alias.Parsed | undefined {
  const starts = table.aliases.map((a) => a.range[0]);
  const uses = new Map<ValueNode, number>();
  let overused: Alias.Parsed | undefined;
  for (const alias of table.aliases) {
    const target = table.targets.get(alias);
    if (!target) continue;
    const count = (uses.get(target) ?? 0) + 1;
    uses.set(target, count);
    if (count > MAX_ALIAS_COUNT) overused ??= alias;
    // Binary search: is any alias inside the target's range?
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < target.range[0]) lo = mid + 1;
      else hi = mid;
    }
    if (lo < starts.length && starts[lo] < target.range[2]) return alias;
  }
  return overused ?? table.aliases[0];
}

function aliasDiagnostics(doc: Document.Parsed, table: AliasTable, text: string): { diagnostics: Diagnostic[]; bomb: boolean } {
  const diagnostics: Diagnostic[] = [];
  for (const alias of table.aliases) {
    if (table.targets.has(alias)) continue;
    diagnostics.push({
      code: YAML_SYNTAX,
      severity: 'error',
      message: `Unknown alias *${alias.source}: define the anchor &${alias.source} before it.`,
      range: clampRange(alias.range[0], alias.range[1], text.length),
    });
  }
  if (diagnostics.length > 0 || table.aliases.length === 0) return { diagnostics, bomb: false };
  try {
    // yaml's toJS counts alias expansions against maxAliasCount, as every consumer of this file would.
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
  } catch (e) {
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) return { diagnostics, bomb: false };
    const alias = bombAlias(table) ?? table.aliases[0];
    diagnostics.push({
      code: YAML_SYNTAX,
      severity: 'error',
      message: `Aliases expand to too much data (more than ${MAX_ALIAS_COUNT} expansions, as in a "billion laughs" attack): TaskMix does not expand them. Write the values out instead.`,
      range: clampRange(alias.range[0], alias.range[1], text.length),
    });
    return { diagnostics, bomb: true };
  }
  return { diagnostics, bomb: false };
}

/** The code of a value of the wrong type (registered with the validator's codes). */
const WRONG_TYPE = 'wrong-type';

/** What a tag made of a scalar, in words. */
function describeRetyped(value: unknown): string {
  if (value instanceof Uint8Array) return 'binary data';
  if (value instanceof Date) return 'a date';
  return `a ${typeof value}`;
}

/**
 * Scalars that a tag turned into something other than text, a number, a boolean or null (`!!binary` bytes,
 * `!!timestamp` dates): the model reads none of them, so `name: !!binary ...` would be accepted and silently
 * lose its value. Each is a wrong-type error over the tag and the value.
 */
function retypedScalars(doc: Document.Parsed, text: string): Diagnostic[] {
  if (text.indexOf('!') < 0) return [];
  const out: Diagnostic[] = [];
  visit(doc, {
    Scalar(_key, node) {
      const v: unknown = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return;
      const [start, end] = node.range ?? [0, 0];
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      // The tag is the last word before the value that holds a `!` (`!!binary`, `!<tag:...>`), on the value's line.
      let from = text.lastIndexOf('!', start);
      if (from < lineStart) from = start;
      else while (from > lineStart && !' \t[{,'.includes(text.charAt(from - 1))) from--;
      const tag = node.tag?.startsWith('tag:yaml.org,2002:') ? `!!${node.tag.slice('tag:yaml.org,2002:'.length)}` : node.tag ?? 'tag';
      out.push({
        code: WRONG_TYPE,
        severity: 'error',
        message: `The tag \`${tag}\` makes this value ${describeRetyped(v)}, which a mixture file cannot hold (text, numbers, booleans, lists and maps only): remove the tag and write the value itself.`,
        range: clampRange(from, end, text.length),
      });
    },
  });
  return out;
}

/**
 * Parses `text` as one YAML document, with every guard. `offset` is where the text starts in its file: ranges
 * read through `ctx` include it; `diagnostics` are in the text's own offsets (the incremental document uses
 * a piece's parse only when it has none, and parses the whole file to report them).
 */
export function readYaml(text: string, offset = 0): YamlRead {
  const diagnostics = nonPrintableDiagnostics(text);
  const tooDeep = nestingTooDeep(text);
  if (tooDeep) {
    // Deep recursion inside the YAML parser can exhaust V8 in ways no catch recovers from: refuse first.
    diagnostics.push({
      code: YAML_SYNTAX,
      severity: 'error',
      message:
        tooDeep.kind === 'flow'
          ? `Brackets nest more than ${MAX_FLOW_DEPTH} levels deep here: TaskMix does not read such a file. A mixture needs only a few levels.`
          : `Indentation nests more than ${MAX_BLOCK_DEPTH} levels deep here: TaskMix does not read such a file. A mixture needs only a few levels.`,
      range: clampRange(tooDeep.offset, tooDeep.offset + 1, text.length),
    });
    const empty = parseDocument('', YAML_OPTIONS) as Document.Parsed;
    return { doc: empty, diagnostics, ctx: new AliasResolvingContext(text, offset, undefined), aliases: collectAliases(empty, '') };
  }
  const doc = parseDocument(text, YAML_OPTIONS) as Document.Parsed;
  diagnostics.push(...yamlErrorDiagnostics(doc.errors, doc.warnings, text));
  diagnostics.push(...retypedScalars(doc, text));
  const aliases = collectAliases(doc, text);
  const checked = aliasDiagnostics(doc, aliases, text);
  diagnostics.push(...checked.diagnostics);
  const ctx = new AliasResolvingContext(text, offset, checked.bomb ? undefined : aliases.targets);
  return { doc, diagnostics, ctx, aliases };
}
