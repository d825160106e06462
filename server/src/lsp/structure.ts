// The shape of a mixture for the editor: the outline (document symbols), folding and selection ranges.
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Position, type SelectionRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KeyInfo, MixtureModel, Range } from '../core/types';
import { entryAt } from './modelLookup';
import { toLspRange } from './positions';

function keySpan(k: KeyInfo): Range {
  return [k.keyRange[0], Math.max(k.keyRange[1], k.valueRange[1])];
}

function keySymbol(doc: TextDocument, k: KeyInfo, kind: SymbolKind, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const s: DocumentSymbol = { name: k.key, kind, range: toLspRange(doc, keySpan(k)), selectionRange: toLspRange(doc, k.keyRange) };
  if (detail) s.detail = detail;
  if (children) s.children = children;
  return s;
}

const scalarKind: Record<KeyInfo['valueType'], SymbolKind> = {
  string: SymbolKind.String,
  number: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  null: SymbolKind.Null,
  map: SymbolKind.Namespace,
  seq: SymbolKind.Array,
};

function valueText(text: string, k: KeyInfo): string | undefined {
  if (k.valueType === 'map' || k.valueType === 'seq') return undefined;
  const v = text.slice(k.valueRange[0], k.valueRange[1]);
  return v.length > 60 ? `${v.slice(0, 60)}…` : v;
}

export function documentSymbols(doc: TextDocument, model: MixtureModel): DocumentSymbol[] {
  const text = doc.getText();
  const nested: Record<string, KeyInfo[] | undefined> = { sampling: model.sampling?.keys, budget: model.budget?.keys, results: model.results?.keys };
  return model.keys.map((k) => {
    if (k.key === 'tasks') {
      const children: DocumentSymbol[] = [];
      for (const e of model.tasks) {
        const range = toLspRange(doc, e.range);
        if (e.kind === 'task') {
          const s: DocumentSymbol = { name: e.name?.value || '(unnamed task)', kind: SymbolKind.Class, range, selectionRange: e.name ? toLspRange(doc, e.name.range) : range };
          if (e.prefix) s.detail = e.prefix.value;
          children.push(s);
        } else if (e.kind === 'include') {
          children.push({ name: e.include.value || '(include)', kind: SymbolKind.Module, detail: 'include', range, selectionRange: toLspRange(doc, e.include.range) });
        } else {
          children.push({ name: '(invalid item)', kind: SymbolKind.Object, range, selectionRange: range });
        }
      }
      return keySymbol(doc, k, SymbolKind.Array, `${model.tasks.length} items`, children);
    }
    const inner = nested[k.key];
    if (inner) return keySymbol(doc, k, SymbolKind.Namespace, undefined, inner.map((c) => keySymbol(doc, c, scalarKind[c.valueType], valueText(text, c))));
    return keySymbol(doc, k, scalarKind[k.valueType], valueText(text, k));
  });
}

export function foldingRanges(doc: TextDocument, model: MixtureModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  const add = (range: Range, kind?: FoldingRangeKind) => {
    const startLine = doc.positionAt(range[0]).line;
    // A range that ends at the start of a line ends on the line before it.
    const end = doc.positionAt(range[1]);
    const endLine = end.character === 0 && end.line > startLine ? end.line - 1 : end.line;
    if (endLine > startLine) out.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  for (const k of model.keys) if (k.valueType === 'map' || k.valueType === 'seq') add(keySpan(k));
  for (const e of model.tasks) add(e.range);
  // Runs of comment lines (a file's header comment, notes between tasks).
  const text = doc.getText();
  let runStart = -1;
  let prevComment = -1;
  for (let at = 0, line = 0; at <= text.length; line++) {
    let i = at;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (text.charCodeAt(i) === 35 /* # */) {
      if (runStart === -1) runStart = line;
      prevComment = line;
    } else if (runStart !== -1) {
      if (prevComment > runStart) out.push({ startLine: runStart, endLine: prevComment, kind: FoldingRangeKind.Comment });
      runStart = -1;
    }
    const nl = text.indexOf('\n', i);
    if (nl === -1) break;
    at = nl + 1;
  }
  if (runStart !== -1 && prevComment > runStart) out.push({ startLine: runStart, endLine: prevComment, kind: FoldingRangeKind.Comment });
  return out;
}

/** Ranges around an offset, innermost first: the word, key and value, the item, its section, the file. */
function enclosing(model: MixtureModel, offset: number): Range[] {
  const ranges: Range[] = [];
  const inside = (r: Range) => r[0] <= offset && offset <= r[1];
  const fromKeys = (keys: readonly KeyInfo[] | undefined) => {
    for (const k of keys ?? []) {
      if (inside(k.keyRange)) ranges.push(k.keyRange);
      else if (inside(k.valueRange) && k.valueRange[1] > k.valueRange[0]) ranges.push(k.valueRange);
      if (inside(keySpan(k))) ranges.push(keySpan(k));
    }
  };
  const entry = entryAt(model, offset);
  if (entry) {
    fromKeys(entry.keys);
    ranges.push(entry.range);
  } else {
    fromKeys(model.sampling?.keys);
    fromKeys(model.budget?.keys);
    fromKeys(model.results?.keys);
  }
  fromKeys(model.keys);
  ranges.push([0, model.textLength]);
  // Innermost first, each one containing the one before (LSP requires strictly growing parents).
  ranges.sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
  const chain: Range[] = [];
  for (const r of ranges) {
    const last = chain[chain.length - 1];
    if (!last || (r[0] <= last[0] && r[1] >= last[1] && (r[0] < last[0] || r[1] > last[1]))) chain.push(r);
  }
  return chain;
}

export function selectionRanges(doc: TextDocument, model: MixtureModel, positions: Position[]): SelectionRange[] {
  return positions.map((p) => {
    const chain = enclosing(model, doc.offsetAt(p));
    let parent: SelectionRange | undefined;
    for (let i = chain.length - 1; i >= 0; i--) {
      const sr: SelectionRange = { range: toLspRange(doc, chain[i]!) };
      if (parent) sr.parent = parent;
      parent = sr;
    }
    return parent ?? { range: { start: p, end: p } };
  });
}
