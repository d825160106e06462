// The incremental document: the server re-checks a mixture on every keystroke, and `yaml` reads about
// 1 MB/s, so the text is held as pieces (see pieces.ts), each parsed alone and cached by its text.
// An edit rescans the lines around it, re-parses only pieces whose text is new, and moves the rest.
// Each piece keeps one copy of its parse, with ranges for the offset it last stood at: a moved piece is
// copied once to its new offset (the model handed out is never changed afterwards).
// Where the split could differ from a whole-file parse, the document parses the whole file instead.

import { isMap, isScalar, isSeq } from 'yaml';
import type { Diagnostic, MixtureEntry, MixtureModel, Range } from '../types';
import { assembleModel, emptyModel, readEntry, readTopPair, type TopPart } from './buildModel';
import { DEFAULT_MAX_LENGTH, megabytes, parseMixture } from './parseMixture';
import { scanPieces, splitPieces, type PieceKind, type PieceSpan } from './pieces';
import { readYaml } from './readYaml';
import { shiftDiagnostic, shiftEntry, shiftTopPart } from './shift';
import { clampRange, firstLine, LARGE_FILE } from './yamlDiagnostics';
import { isEmptyNode, type ParsedPair } from './yamlNodes';

/** Checks one `tasks:` entry alone; a pure function of the entry, so its result is cached with the piece. */
export type EntryChecker = (entry: MixtureEntry, text: string) => Diagnostic[];

export interface MixtureDocumentOptions {
  entryChecker?: EntryChecker;
  /** Longest text that is parsed (see `parseMixture`). */
  maxLength?: number;
  /**
   * Longest text re-checked after every edit (default: no limit). A longer one is parsed when the document is
   * made and when `checkNow` is called (an editor does on open and save); after an edit it is not parsed until
   * then, and its result is an empty model with a `large-file` notice that says so. While checked, the result
   * carries the notice too.
   */
  maxLiveLength?: number;
}

export interface MixtureDocumentResult {
  model: MixtureModel;
  /** YAML syntax and top-level shape diagnostics. */
  diagnostics: Diagnostic[];
  /** What the entry checker said about each entry, in entry order. */
  entryDiagnostics: Diagnostic[];
}

export interface MixtureDocumentStats {
  /** Pieces the text is split into. */
  pieces: number;
  /** Pieces parsed by the last update (or the constructor); cached and moved pieces do not count. */
  reparsedPieces: number;
  /** Characters the last update rescanned for piece boundaries. */
  rescannedChars: number;
  /** True when the result comes from a parse of the whole text, and why. */
  fullParse: boolean;
  fullParseReason?: string;
  /** True when the text is over `maxLiveLength` and was edited since it was last checked. */
  deferred?: boolean;
}

/** One LSP-style change: `range` in the text as it is when the change is applied. */
export interface TextChange {
  range: Range;
  text: string;
}

/** A piece parsed alone, its ranges as if the piece started at `base`. Every field is always present (one
 *  hidden class for all pieces keeps assembly fast). */
interface PieceParse {
  /** False when the piece parsed with errors, anchors or an unexpected shape: the whole text is parsed then. */
  ok: boolean;
  base: number;
  part: TopPart | undefined;
  entry: MixtureEntry | undefined;
  entryDiagnostics: Diagnostic[];
}

/** A class, not a literal: 10,000 pieces with one hidden class keep the per-edit loops over them cheap. */
class Piece implements PieceSpan {
  start: number;
  end: number;
  readonly kind: PieceKind;
  readonly stateBefore: number;
  readonly stateAfter: number;
  readonly unsafe: string | undefined;
  parsed: PieceParse | undefined = undefined;

  constructor(span: PieceSpan) {
    this.start = span.start;
    this.end = span.end;
    this.kind = span.kind;
    this.stateBefore = span.stateBefore;
    this.stateAfter = span.stateAfter;
    this.unsafe = span.unsafe;
  }
}

/** Parses of pieces recently replaced, by kind and text: undo, or retyping what was deleted, hits them. */
const RECENT_PIECES = 256;

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 keeps a substring as a view of its
 * parent, so a piece's text, the cache keys made of it and every name the parser slices out of it would keep the
 * whole file's text of that version alive: a 10,000-task file then grew by its size on every keystroke.
 */
export function detachString(s: string): string {
  return s.length < 16 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

function cacheKey(kind: PieceKind, text: string): string {
  return `${kind}\u0000${text}`;
}

/** Parses a piece alone; its ranges are made for `start`, where it stands in the file. */
function parsePiece(kind: PieceKind, text: string, start: number, checker: EntryChecker | undefined, fileText: string): PieceParse {
  // Anchors and aliases can reach across pieces; any problem is reported by the whole-text parse.
  const failed: PieceParse = { ok: false, base: start, part: undefined, entry: undefined, entryDiagnostics: [] };
  let read: ReturnType<typeof readYaml>;
  try {
    read = readYaml(text, start);
  } catch {
    return failed; // whatever yaml threw (a stack overflow the guards missed), the whole-text parse reports it
  }
  const { doc, diagnostics, ctx, aliases } = read;
  if (diagnostics.length > 0 || aliases.aliases.length > 0 || aliases.hasAnchors) return failed;
  const root = doc.contents;
  if (kind === 'item') {
    if (!isSeq(root) || root.flow || root.items.length !== 1) return failed;
    const entry = readEntry(root, 0, ctx);
    return { ok: true, base: start, part: undefined, entry, entryDiagnostics: checker ? checker(entry, fileText) : [] };
  }
  if (!isMap(root) || root.flow || root.items.length !== 1) return failed;
  const pair = root.items[0] as ParsedPair;
  if (!isScalar(pair.key)) return failed;
  const part = readTopPair(pair, ctx);
  if (kind === 'tasksHead' && (part.keyInfo.key !== 'tasks' || !isEmptyNode(pair.value))) return failed;
  // A `tasks:` key that is not split into items (a flow sequence, a quoted key) holds its entries itself.
  const entries = part.field?.name === 'tasks' ? part.field.entries : [];
  const entryDiagnostics = checker ? entries.flatMap((e) => checker(e, fileText)) : [];
  return { ok: true, base: start, part, entry: undefined, entryDiagnostics };
}

export class MixtureDocument {
  private currentText: string;
  private pieces: Piece[] = [];
  private readonly recent = new Map<string, PieceParse>();
  private readonly entryChecker: EntryChecker | undefined;
  private readonly maxLength: number;
  private readonly maxLiveLength: number;
  /** Over maxLiveLength and edited since the last parse: not parsed until `checkNow`. */
  private deferred = false;
  private cached: MixtureDocumentResult | undefined;
  private lastStats: MixtureDocumentStats = { pieces: 0, reparsedPieces: 0, rescannedChars: 0, fullParse: false };

  constructor(text: string, options: MixtureDocumentOptions = {}) {
    this.entryChecker = options.entryChecker;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    this.maxLiveLength = options.maxLiveLength ?? Infinity;
    this.currentText = text;
    this.rebuild();
  }

  get text(): string {
    return this.currentText;
  }

  get stats(): Readonly<MixtureDocumentStats> {
    return this.lastStats;
  }

  /** The piece boundaries (for tests: they must equal a fresh split of the same text). */
  get pieceSpans(): readonly PieceSpan[] {
    return this.pieces.map(({ start, end, kind, stateBefore, stateAfter, unsafe }) => ({ start, end, kind, stateBefore, stateAfter, unsafe }));
  }

  /** Replaces the whole text; only the span between the common prefix and suffix is treated as changed. */
  update(newText: string): void {
    const old = this.currentText;
    if (newText === old) {
      this.lastStats = { ...this.lastStats, reparsedPieces: 0, rescannedChars: 0 };
      return;
    }
    const prefix = commonPrefixLength(old, newText);
    const suffix = commonSuffixLength(old, newText, Math.min(old.length, newText.length) - prefix);
    this.applyChange(newText, prefix, old.length - suffix, newText.length - suffix);
  }

  /** LSP incremental sync: each change's range is in the text left by the changes before it. */
  applyEdits(edits: readonly TextChange[]): void {
    if (edits.length === 0) return;
    let text = this.currentText;
    // The changed span, as [start, endInOriginal) of the original text and [start, endNow) of the current one.
    let start = Infinity;
    let endInOriginal = 0;
    let endNow = 0;
    for (const edit of edits) {
      let s = Math.max(0, Math.min(edit.range[0], text.length));
      let e = Math.max(0, Math.min(edit.range[1], text.length));
      if (s > e) [s, e] = [e, s];
      text = text.slice(0, s) + edit.text + text.slice(e);
      if (start === Infinity) {
        start = s;
        endInOriginal = e;
        endNow = s + edit.text.length;
        continue;
      }
      if (e > endNow) {
        endInOriginal += e - endNow;
        endNow = e;
      }
      start = Math.min(start, s);
      endNow += edit.text.length - (e - s);
    }
    if (text === this.currentText) {
      this.lastStats = { ...this.lastStats, reparsedPieces: 0, rescannedChars: 0 };
      return;
    }
    this.applyChange(text, start, endInOriginal, endNow);
  }

  /** True while the text is too large to re-check as it is typed and was edited since it was last checked. */
  get isDeferred(): boolean {
    return this.deferred;
  }

  /** Parses a deferred text now (an editor calls this on save). Returns whether there was anything to do. */
  checkNow(): boolean {
    if (!this.deferred) return false;
    this.rebuild();
    return true;
  }

  /** The model and diagnostics of the current text, every range absolute. */
  result(): MixtureDocumentResult {
    if (this.deferred) {
      this.cached ??= { model: emptyModel(this.currentText.length), diagnostics: [this.largeFileNotice()], entryDiagnostics: [] };
      return this.cached;
    }
    if (!this.cached) {
      const result = this.lastStats.fullParse ? this.fullResult() : this.assemble();
      if (this.currentText.length > this.maxLiveLength && this.currentText.length <= this.maxLength) {
        result.diagnostics = [...result.diagnostics, this.largeFileNotice()];
      }
      this.cached = result;
    }
    return this.cached;
  }

  /** Says why a large file is checked on open and save only, and whether the edits since are checked yet. */
  private largeFileNotice(): Diagnostic {
    const text = this.currentText;
    const what = `This file is ${megabytes(text.length)}, over the ${megabytes(this.maxLiveLength)} TaskMix re-checks as you type`;
    return {
      code: LARGE_FILE,
      severity: 'info',
      message: this.deferred
        ? `${what}: it is checked in full when opened and saved, so your edits are checked when you save (until then no other problems are shown).`
        : `${what}: it is checked in full when opened and saved, not after every edit.`,
      range: firstLine(text, clampRange(0, text.length, text.length)),
    };
  }

  private rebuild(): void {
    this.cached = undefined;
    this.deferred = false;
    if (this.currentText.length > this.maxLength) {
      this.pieces = [];
      this.lastStats = { pieces: 0, reparsedPieces: 0, rescannedChars: 0, fullParse: true, fullParseReason: 'the text is over the size limit' };
      return;
    }
    this.pieces = splitPieces(this.currentText).map((span) => new Piece(span));
    this.finishUpdate(this.currentText.length);
  }

  /**
   * The text became `newText`; it equals the old text before `start` and from `oldEnd` (old) / `newEnd` (new) on.
   * Rescans from the piece before the change until a boundary after it lines up with an old one.
   */
  private applyChange(newText: string, start: number, oldEnd: number, newEnd: number): void {
    const oldText = this.currentText;
    this.currentText = newText;
    if (newText.length > this.maxLiveLength && newText.length <= this.maxLength) {
      // Too large to re-check on every keystroke: wait for checkNow. The pieces go; a check splits anew.
      this.pieces = [];
      this.cached = undefined;
      this.deferred = true;
      this.lastStats = { pieces: 0, reparsedPieces: 0, rescannedChars: 0, fullParse: false, deferred: true };
      return;
    }
    if (this.pieces.length === 0 || oldText.length > this.maxLength || newText.length > this.maxLength) {
      this.rebuild();
      return;
    }
    const delta = newEnd - oldEnd;
    const old = this.pieces;
    // The first line of the piece before the one holding `start` is untouched, and so is the state before it.
    let first = pieceAt(old, start);
    if (first > 0) first--;
    const rescanned: Piece[] = [];
    let resume = old.length; // first old piece kept after the rescan
    const scanFrom = old[first].start;
    let scannedTo = newText.length;
    for (const span of scanPieces(newText, scanFrom, old[first].stateBefore)) {
      rescanned.push(new Piece(span));
      if (span.end >= newEnd && span.end < newText.length) {
        const j = pieceStartingAt(old, span.end - delta);
        if (j >= 0 && old[j].stateBefore === span.stateAfter) {
          resume = j;
          scannedTo = span.end;
          break;
        }
      }
    }
    // Parses of the replaced pieces, for new pieces with the same text.
    for (let i = first; i < resume; i++) {
      const p = old[i];
      if (p.parsed) this.remember(cacheKey(p.kind, detachString(oldText.slice(p.start, p.end))), p.parsed);
    }
    const tail = old.slice(resume);
    if (delta !== 0) {
      for (const p of tail) {
        p.start += delta;
        p.end += delta;
      }
    }
    this.pieces = old.slice(0, first).concat(rescanned, tail);
    this.cached = undefined;
    this.finishUpdate(scannedTo - scanFrom);
  }

  private remember(key: string, parsed: PieceParse): void {
    this.recent.delete(key);
    this.recent.set(key, parsed);
    if (this.recent.size > RECENT_PIECES) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** Parses the pieces that need it, or decides that the whole text must be parsed. */
  private finishUpdate(rescannedChars: number): void {
    const stats: MixtureDocumentStats = { pieces: this.pieces.length, reparsedPieces: 0, rescannedChars, fullParse: false };
    this.lastStats = stats;
    const unsafe = this.pieces.find((p) => p.unsafe);
    if (unsafe) {
      stats.fullParse = true;
      stats.fullParseReason = `${unsafe.unsafe} (at offset ${unsafe.start})`;
      return;
    }
    for (const p of this.pieces) {
      if (!p.parsed) {
        const text = detachString(this.currentText.slice(p.start, p.end));
        const hit = this.recent.size > 0 ? this.recent.get(cacheKey(p.kind, text)) : undefined;
        if (hit) p.parsed = hit;
        else {
          p.parsed = parsePiece(p.kind, text, p.start, this.entryChecker, this.currentText);
          stats.reparsedPieces++;
        }
      }
      if (!p.parsed.ok) {
        stats.fullParse = true;
        stats.fullParseReason = `the piece at offset ${p.start} does not parse alone`;
        return;
      }
    }
    const keys = new Set<string>();
    for (const p of this.pieces) {
      const key = p.parsed?.part?.keyInfo.key;
      if (key === undefined) continue;
      if (keys.has(key)) {
        stats.fullParse = true;
        stats.fullParseReason = `the key "${key}" is written twice`;
        return;
      }
      keys.add(key);
    }
  }

  /** The piece's parse with ranges for where it stands now. */
  private placed(p: Piece): PieceParse {
    const parsed = p.parsed as PieceParse;
    if (parsed.base === p.start) return parsed;
    const delta = p.start - parsed.base;
    const moved: PieceParse = {
      ok: true,
      base: p.start,
      part: parsed.part && shiftTopPart(parsed.part, delta),
      entry: parsed.entry && shiftEntry(parsed.entry, delta),
      entryDiagnostics: parsed.entryDiagnostics.length > 0 ? parsed.entryDiagnostics.map((d) => shiftDiagnostic(d, delta)) : [],
    };
    p.parsed = moved;
    return moved;
  }

  private assemble(): MixtureDocumentResult {
    const parts: TopPart[] = [];
    const entryDiagnostics: Diagnostic[] = [];
    let head: { part: TopPart; entries: MixtureEntry[] } | undefined;
    const closeHead = () => {
      if (!head) return;
      const { part, entries } = head;
      const first = entries[0].range[0];
      const last = entries[entries.length - 1].range[1];
      parts.push({
        keyInfo: { ...part.keyInfo, valueRange: [first, last], valueType: 'seq' },
        field: { name: 'tasks', tasksKey: part.keyInfo.keyRange, entries },
      });
      head = undefined;
    };
    for (const p of this.pieces) {
      const placed = this.placed(p);
      for (const d of placed.entryDiagnostics) entryDiagnostics.push(d);
      if (p.kind === 'item') {
        head?.entries.push(placed.entry as MixtureEntry);
        continue;
      }
      closeHead();
      const part = placed.part as TopPart;
      if (p.kind === 'tasksHead') head = { part, entries: [] };
      else parts.push(part);
    }
    closeHead();
    return { model: assembleModel(parts, this.currentText.length), diagnostics: [], entryDiagnostics };
  }

  private fullResult(): MixtureDocumentResult {
    const { model, diagnostics } = parseMixture(this.currentText, { maxLength: this.maxLength });
    const checker = this.entryChecker;
    const entryDiagnostics = checker ? model.tasks.flatMap((e) => checker(e, this.currentText)) : [];
    return { model, diagnostics, entryDiagnostics };
  }
}

/** Equal chunks are compared by the engine (memcmp) rather than a character at a time. */
const CHUNK = 4096;

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix, at most `max`. */
function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** Index of the last piece starting at or before `offset`. */
function pieceAt(pieces: readonly Piece[], offset: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the piece starting exactly at `offset`, or -1. */
function pieceStartingAt(pieces: readonly Piece[], offset: number): number {
  const i = pieceAt(pieces, offset);
  return pieces[i]?.start === offset ? i : -1;
}
