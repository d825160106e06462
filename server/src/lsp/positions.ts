// Offset <-> position conversion: the core speaks [start, end) offsets, LSP speaks line/character.
// The line table lives in the TextDocument, which updates it incrementally on each change.
import type { Position, Range as LspRange, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineIndex } from '../core/lineIndex';
import type { Range, TextEdit } from '../core/types';

export function toLspRange(doc: TextDocument, range: Range): LspRange {
  return { start: doc.positionAt(range[0]), end: doc.positionAt(range[1]) };
}

/** The core's planned edits (on the document's text) as LSP text edits. */
export function toLspTextEdits(doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toLspRange(doc, e.range), newText: e.newText }));
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

/** An LSP range from a line table of the text (for a file that may not be open, so has no TextDocument). */
export function lspRangeIn(lines: LineIndex, range: Range): LspRange {
  const start = lines.position(range[0]);
  const end = lines.position(range[1]);
  // LineIndex counts 1-based, as the CLI prints; LSP counts from 0. Both split lines where editors do.
  return { start: { line: start.line - 1, character: start.column - 1 }, end: { line: end.line - 1, character: end.column - 1 } };
}
