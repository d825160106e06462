// Where the cursor stands in a YAML mixture, read from the text by indentation. Completion needs this
// while the user is typing, when the half-written line often does not parse; the text always says enough.
import { lineStartAt } from '../core/lineIndex';

/** '*' stands for "an item of a sequence". */
export type YamlPath = string[];

export interface CursorContext {
  /** 'key': writing a map key; 'value': writing the value of `key`; 'item': a `- ` item with no colon yet. */
  kind: 'key' | 'value' | 'item';
  /** Path of the map (for 'key'), of the key (for 'value'), of the sequence (for 'item'). */
  path: YamlPath;
  /** For 'value': the key whose value is written. */
  key?: string;
  /** What is typed so far of the word being completed. */
  prefix: string;
  /** Offsets of the word being completed, which a completion replaces. */
  replace: [number, number];
  /** Keys already written in the same map (for 'key' and 'item'). */
  siblings: string[];
  /** For 'value': true when the cursor is inside a flow collection (`[a, b` or `{a: 1, b`). */
  inFlow?: 'seq' | 'map';
}

interface LineInfo {
  /** Column of the first character of content (after `- ` for an item line). */
  contentCol: number;
  /** Column of the dash for an item line. */
  dashCol?: number;
  key?: string;
  /** True when the key has no value on its line (it opens a nested block). */
  opensBlock: boolean;
}

const keyLine = /^([A-Za-z_][\w.-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function unquote(key: string): string {
  return key.startsWith('"') || key.startsWith("'") ? key.slice(1, -1) : key;
}

function lineInfo(line: string): LineInfo | undefined {
  const m = /^(\s*)(-(?:\s+|$))?/.exec(line)!;
  let rest = line.slice(m[0].length);
  if (rest === '' && !m[2]) return undefined;
  if (rest.startsWith('#')) {
    if (!m[2]) return undefined;
    rest = '';
  }
  const info: LineInfo = { contentCol: m[0].length, opensBlock: false };
  if (m[2]) info.dashCol = m[1].length;
  const k = keyLine.exec(rest);
  if (k) {
    info.key = unquote(k[1]);
    const value = rest.slice(k[0].length).replace(/\s+#.*$/, '').trim();
    info.opensBlock = value === '' || value === '|' || value === '>';
  }
  return info;
}

/**
 * Walks up from the line above `lineStart` to the top, unshifting onto `path` the keys that hold the
 * block at column `col` (or, with `inItem`, the sequence whose item's dash is at column `col`).
 */
function ancestors(text: string, lineStart: number, col: number, path: YamlPath, siblings: string[], inItem: boolean): void {
  let target = col;
  let innermost = !inItem;
  let end = lineStart - 1;
  while (end >= 0) {
    const start = lineStartAt(text, end);
    const line = text.slice(start, end);
    end = start - 1;
    // Fast skip of lines deeper than anything we still look for (most lines of a big file).
    if (line.length > target && line.charCodeAt(target) === 32 && /^ *$/.test(line.slice(0, target))) continue;
    const info = lineInfo(line);
    if (!info) continue;
    if (inItem) {
      if (info.dashCol === target || info.contentCol > target) continue; // a sibling item, or inside one
      if (info.key === undefined || !info.opensBlock) return;
      path.unshift(info.key);
      if (info.dashCol !== undefined) {
        path.unshift('*');
        target = info.dashCol;
      } else {
        target = info.contentCol;
        inItem = false;
        if (target === 0) return;
      }
      continue;
    }
    if (info.contentCol > target) continue;
    if (info.contentCol === target) {
      if (innermost && info.key !== undefined) siblings.push(info.key);
      if (info.dashCol !== undefined) {
        // The first line of the item we are in: its dash stands in the parent sequence.
        path.unshift('*');
        target = info.dashCol;
        inItem = true;
        innermost = false;
      }
      continue;
    }
    if (info.key === undefined || !info.opensBlock) return;
    path.unshift(info.key);
    innermost = false;
    if (info.dashCol !== undefined) {
      path.unshift('*');
      target = info.dashCol;
      inItem = true;
    } else {
      target = info.contentCol;
      if (target === 0) return;
    }
  }
}

/** Keys written after the cursor line in the same map (stops at the first line with a smaller column). */
function laterSiblings(text: string, offset: number, col: number, siblings: string[]): void {
  let start = text.indexOf('\n', offset);
  while (start !== -1) {
    start += 1;
    const next = text.indexOf('\n', start);
    const line = text.slice(start, next === -1 ? text.length : next);
    const deeper = line.length > col && line.charCodeAt(col) === 32 && /^ *$/.test(line.slice(0, col));
    const info = deeper ? undefined : lineInfo(line);
    if (info) {
      const ownCol = info.dashCol ?? info.contentCol;
      if (ownCol < col || (info.dashCol !== undefined && info.dashCol <= col)) break;
      if (info.contentCol === col && info.key !== undefined) siblings.push(info.key);
    }
    start = next;
  }
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = lineStartAt(text, offset);
  const before = text.slice(lineStart, offset);
  const head = /^(\s*)(-\s+)?/.exec(before)!;
  const col = head[0].length;
  const isItem = head[2] !== undefined;
  const rest = before.slice(col);
  const siblings: string[] = [];
  const path: YamlPath = [];

  const k = keyLine.exec(rest) ?? /^([A-Za-z_][\w.-]*|"[^"]*"|'[^']*')\s*:$/.exec(rest);
  if (k) {
    const key = unquote(k[1]);
    const valueStart = lineStart + col + k[0].length;
    const valueText = text.slice(valueStart, offset);
    ancestors(text, lineStart, isItem ? head[1].length : col, path, siblings, isItem);
    if (isItem) path.push('*');
    path.push(key);
    const ctx: CursorContext = { kind: 'value', path, key, prefix: '', replace: [offset, offset], siblings: [] };
    const open = Math.max(valueText.lastIndexOf('['), valueText.lastIndexOf('{'));
    if (open !== -1) {
      const inside = valueText.slice(open + 1);
      const lastSep = Math.max(inside.lastIndexOf(','), -1);
      const word = inside.slice(lastSep + 1).replace(/^\s+/, '');
      ctx.inFlow = valueText[open] === '[' ? 'seq' : 'map';
      if (ctx.inFlow === 'map' && word.includes(':')) {
        ctx.prefix = word.slice(word.indexOf(':') + 1).trim();
        ctx.kind = 'value';
        ctx.key = unquote(word.slice(0, word.indexOf(':')).trim());
        path.push(ctx.key);
      } else {
        ctx.prefix = word.replace(/^["']/, '');
      }
    } else {
      ctx.prefix = valueText.replace(/^\s+/, '').replace(/^["']/, '');
    }
    ctx.replace = [offset - ctx.prefix.length, offset];
    return ctx;
  }

  const prefix = /^[\w.-]*$/.test(rest) ? rest : (/[\w.-]*$/.exec(rest)?.[0] ?? '');
  ancestors(text, lineStart, isItem ? head[1].length : col, path, siblings, isItem);
  laterSiblings(text, offset, col, siblings);
  if (isItem) {
    // `- na`: an item of the sequence at `path`; whether it is a map key or a scalar, the caller knows.
    return { kind: 'item', path, prefix, replace: [offset - prefix.length, offset], siblings: [] };
  }
  return { kind: 'key', path, prefix, replace: [offset - prefix.length, offset], siblings };
}
