// One guarded YAML read: whatever the text holds (binary garbage, alias bombs, deep nesting), this returns
// a document or diagnostics, never an exception.

import { isAlias, parseDocument, type Alias, type Document, type ParsedNode } from 'yaml';
import type { Diagnostic } from '../types';
import { collectAliases, type AliasTable, type ReadContext, type ValueNode } from './yamlNodes';
import { clampRange, nonPrintableDiagnostics, yamlErrorDiagnostics, YAML_SYNTAX } from './yamlDiagnostics';

/** yaml's own default: enough for any hand-written file, and it stops "billion laughs" bombs. */
export const MAX_ALIAS_COUNT = 100;

/** Flow collections (`[`/`{`) nested deeper than this are refused before parsing. */
export const MAX_FLOW_DEPTH = 512;

/** The offset where flow brackets first nest deeper than MAX_FLOW_DEPTH, or -1 (quotes and comments skipped). */
function flowNestingTooDeep(text: string): number {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
      else if (c === 10) quote = quote === 39 || quote === 34 ? quote : 0;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      // A quote opens a scalar only where one can start; inside a plain word (it's) it is just a character.
      const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
      if (prev === 32 || prev === 10 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 58 || prev === 45) quote = c;
    } else if (c === 35) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
      if (prev === 32 || prev === 10 || prev === 9) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) break;
        i = nl - 1;
      }
    }
  }
  return -1;
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

/**
 * Parses `text` as one YAML document, with every guard. `offset` is where the text starts in its file: ranges
 * read through `ctx` include it; `diagnostics` are in the text's own offsets (the incremental document uses
 * a piece's parse only when it has none, and parses the whole file to report them).
 */
export function readYaml(text: string, offset = 0): YamlRead {
  const diagnostics = nonPrintableDiagnostics(text);
  const tooDeep = flowNestingTooDeep(text);
  if (tooDeep >= 0) {
    // Deep recursion inside the YAML parser can exhaust V8 in ways no catch recovers from: refuse first.
    diagnostics.push({
      code: YAML_SYNTAX,
      severity: 'error',
      message: `Brackets nest more than ${MAX_FLOW_DEPTH} levels deep here: TaskMix does not read such a file. A mixture needs only a few levels.`,
      range: clampRange(tooDeep, tooDeep + 1, text.length),
    });
    const empty = parseDocument('', YAML_OPTIONS) as Document.Parsed;
    return { doc: empty, diagnostics, ctx: new AliasResolvingContext(text, offset, undefined), aliases: collectAliases(empty, '') };
  }
  const doc = parseDocument(text, YAML_OPTIONS) as Document.Parsed;
  diagnostics.push(...yamlErrorDiagnostics(doc.errors, doc.warnings, text));
  const aliases = collectAliases(doc, text);
  const checked = aliasDiagnostics(doc, aliases, text);
  diagnostics.push(...checked.diagnostics);
  const ctx = new AliasResolvingContext(text, offset, checked.bomb ? undefined : aliases.targets);
  return { doc, diagnostics, ctx, aliases };
}
