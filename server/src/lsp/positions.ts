// Offset <-> position conversion: the core speaks [start, end) offsets, LSP speaks line/character.
// The line table lives in the TextDocument, which updates it incrementally on each change.
import type { Position, Range as LspRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from '../core/types';

export function toLspRange(doc: TextDocument, range: Range): LspRange {
  return { start: doc.positionAt(range[0]), end: doc.positionAt(range[1]) };
}

export function toOffsetRange(doc: TextDocument, range: LspRange): Range {
  return [doc.offsetAt(range.start), doc.offsetAt(range.end)];
}

export function toOffset(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position);
}

/** True when offset lies in [start, end] (the end is included: a caret right after a word is on it). */
export function touches(range: Range | undefined, offset: number): boolean {
  return range !== undefined && range[0] <= offset && offset <= range[1];
}
