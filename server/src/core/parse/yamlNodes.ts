// Reading positions and values off `yaml`'s AST. Ranges here are trimmed to the written value: yaml's own
// `range[1]` of a block collection runs on over trailing newlines and comments, which would make squiggles and
// entry ranges swallow the next item's comment.

import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type ParsedNode, type Pair, type YAMLSeq } from 'yaml';
import type { KeyInfo, Range } from '../types';

export type ValueNode = Exclude<ParsedNode, Alias.Parsed>;
export type ParsedPair = Pair<ParsedNode, ParsedNode | null>;

/** How nodes are read: the source they came from, and how aliases resolve in it. */
export interface ReadContext {
  /** The text the nodes were parsed from (one piece, or the whole file). */
  readonly text: string;
  /** Where that text starts in the file: added to every range read (0 for the whole file). */
  readonly offset: number;
  /** The node an alias stands for; undefined where it has no anchor or may not be expanded. */
  resolve(node: ParsedNode | null | undefined): ValueNode | undefined;
}

/** True for a value that was not written at all (`key:` or a bare `-`), as opposed to an explicit `null`/`~`. */
export function isEmptyNode(node: ParsedNode | null | undefined): boolean {
  return !node || (isScalar(node) && node.value === null && node.range[0] === node.range[1]);
}

/** Offset after the last character of the written value, without trailing newlines or comments. */
export function valueEnd(start: ParsedNode, text: string): number {
  // Iterative: the nesting can be as deep as yaml's own stack allowed.
  let node: ParsedNode = start;
  for (;;) {
    if (isScalar(node) || isAlias(node) || node.flow || node.items.length === 0) return node.range[1];
    if (isSeq(node)) {
      const last = node.items[node.items.length - 1];
      if (isEmptyNode(last)) return seqItemStart(node, node.items.length - 1, text) + 1;
      node = last;
    } else {
      const last = node.items[node.items.length - 1];
      if (isEmptyNode(last.value)) return pairColonEnd(last, text);
      node = last.value as ParsedNode;
    }
  }
}

/** The [start, end) of a node as written: scalars as yaml gives them, collections trimmed by `valueEnd`. */
export function writtenRange(node: ParsedNode, text: string): Range {
  return [node.range[0], valueEnd(node, text)];
}

/** `writtenRange` in the file's offsets. */
export function fileRange(node: ParsedNode, ctx: ReadContext): Range {
  return [node.range[0] + ctx.offset, valueEnd(node, ctx.text) + ctx.offset];
}

/**
 * Offset of the indicator `ch` (`-` of a sequence item, `:` of a pair) between `from` and `limit`: only
 * spaces, line breaks, comments, anchors and tags can stand before it. Falls back to `limit`.
 */
export function indicatorAt(text: string, from: number, ch: string, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = text[i];
    if (c === ch) return i;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? limit : nl + 1;
    } else i++;
  }
  return limit;
}

/** Offset just after the `:` of a pair (after the key when there is no `:` to find). */
export function pairColonEnd(pair: ParsedPair, text: string): number {
  const key = pair.key as ParsedNode | null;
  if (!key) return pair.value ? pair.value.range[0] : 0;
  const from = key.range[2];
  const limit = pair.value && !isEmptyNode(pair.value) ? pair.value.range[0] : text.length;
  const at = indicatorAt(text, from, ':', limit);
  return at < limit ? at + 1 : key.range[1];
}

/** The offset of the `-` that starts item `index` of a block sequence (the node start for flow items). */
export function seqItemStart(seq: YAMLSeq.Parsed, index: number, text: string): number {
  const item = seq.items[index];
  if (seq.flow) return item.range[0];
  const from = index === 0 ? seq.range[0] : seq.items[index - 1].range[2];
  const dash = indicatorAt(text, from, '-', item.range[0]);
  return dash < item.range[0] || isEmptyNode(item) ? dash : item.range[0];
}

/** The end of a sequence item as written: its `-` alone when it has no value. */
export function seqItemEnd(seq: YAMLSeq.Parsed, index: number, text: string): number {
  const item = seq.items[index];
  return isEmptyNode(item) ? seqItemStart(seq, index, text) + 1 : valueEnd(item, text);
}

/** The JS type of a value as YAML resolved it. */
export function valueTypeOf(node: ValueNode | undefined): KeyInfo['valueType'] {
  if (!node) return 'null';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  const v = node.value;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

/** The key as a string: scalars by value (`"a"` and `a` are the same key), collections as written. */
export function keyText(key: ParsedNode | null, ctx: ReadContext): string {
  if (!key) return '';
  const node = ctx.resolve(key);
  if (node && isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value);
  return ctx.text.slice(key.range[0], valueEnd(key, ctx.text));
}

/** Every key of a map with its ranges and value type. */
export function keyInfoOf(pair: ParsedPair, ctx: ReadContext): KeyInfo {
  const key = pair.key as ParsedNode | null;
  const at = (pair.value?.range[0] ?? 0) + ctx.offset;
  const keyRange: Range = key ? fileRange(key, ctx) : [at, at];
  const empty = isEmptyNode(pair.value);
  return {
    key: keyText(key, ctx),
    keyRange,
    valueRange: empty ? [keyRange[1], keyRange[1]] : fileRange(pair.value as ParsedNode, ctx),
    valueType: empty ? 'null' : valueTypeOf(ctx.resolve(pair.value)),
  };
}

/** Aliases of a document, each with the node it stands for (the last anchor of that name before it). */
export interface AliasTable {
  /** Alias -> anchored node; aliases with no anchor before them are absent. */
  targets: Map<Alias.Parsed, ValueNode>;
  /** Aliases in document order. */
  aliases: Alias.Parsed[];
  /** True if any node carries an anchor. */
  hasAnchors: boolean;
}

/** One pass over the document (yaml's own `Alias.resolve` rescans the whole document on every call). */
export function collectAliases(doc: Document.Parsed, text: string): AliasTable {
  const anchors = new Map<string, ValueNode>();
  const table: AliasTable = { targets: new Map(), aliases: [], hasAnchors: false };
  // Without '&' and '*' there is nothing to find: skip the walk, which costs as much as a good part of the parse.
  if (text.indexOf('&') < 0 && text.indexOf('*') < 0) return table;
  visit(doc, {
    Node(_key, node) {
      const parsed = node as ParsedNode;
      if (isAlias(parsed)) {
        table.aliases.push(parsed);
        const target = anchors.get(parsed.source);
        if (target) table.targets.set(parsed, target);
      } else if (parsed.anchor) {
        table.hasAnchors = true;
        anchors.set(parsed.anchor, parsed);
      }
    },
  });
  return table;
}
