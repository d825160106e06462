// Splitting a mixture file into pieces that YAML parses the same alone as in the whole file: one per top-level
// key (a line at column 0 starts a key) and one per item of the `tasks:` block sequence (a `- ` line at the
// items' indentation). The split is a left-to-right scan over lines whose only state is which of those two
// kinds of line starts a piece, so a rescan after an edit can stop where it meets an old boundary in the same
// state. Whatever makes a split doubtful marks the piece unsafe, and the document then parses the whole text.

export type PieceKind = 'top' | 'tasksHead' | 'item';

/** Scan state at a line start: at top level, right after `tasks:` (items not seen yet), or in items at indent k >= 0. */
export const TOP = -1;
export const TASKS_PENDING = -2;

export interface PieceSpan {
  start: number;
  end: number;
  /** `tasksHead`: a `tasks:` line (and comments) whose items follow as `item` pieces. */
  kind: PieceKind;
  /** The state in which the piece's first line was read. */
  stateBefore: number;
  /** The state in which the next piece's first line is read. */
  stateAfter: number;
  /** Why the piece cannot be parsed alone; undefined when it can. */
  unsafe: string | undefined;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const DASH = 45;

/** Characters that start something other than a plain or quoted key at column 0 (sequences, flow
 *  collections, explicit keys, anchors, aliases, tags, block scalars, directives, reserved). */
const NOT_A_KEY_START = new Set('-?:,[]{}&*!|>%@`'.split('').map((c) => c.charCodeAt(0)));

/** `tasks:` alone on its line (a comment may follow): its value is what the next lines hold. */
const TASKS_HEAD = /^tasks *:(?: +(?:#.*)?)?\r?$/;

function isLineEnd(text: string, i: number, lineEnd: number): boolean {
  return i === lineEnd || (i + 1 === lineEnd && text.charCodeAt(i) === CR);
}

/** True if a `-` at i is a sequence item indicator (followed by a space or the line end). */
function isSeqDash(text: string, i: number, lineEnd: number): boolean {
  return text.charCodeAt(i) === DASH && (isLineEnd(text, i + 1, lineEnd) || text.charCodeAt(i + 1) === SPACE);
}


/** Why a line at column 0 cannot start a top-level piece, if it cannot. */
function topLineProblem(text: string, i: number, lineEnd: number): string | undefined {
  if (NOT_A_KEY_START.has(text.charCodeAt(i))) return `a line starts with '${text[i]}' at column 0`;
  if (text.startsWith('...', i) && (isLineEnd(text, i + 3, lineEnd) || text.charCodeAt(i + 3) === SPACE)) {
    return 'a document end marker';
  }
  return undefined;
}

/**
 * Pieces from `from` (a line start) to the end of the text, read starting in `state`. The first piece starts
 * at `from` even where its first lines are comments; every later piece starts at its first line.
 */
export function* scanPieces(text: string, from = 0, state = TOP): Generator<PieceSpan> {
  let start = from;
  let stateBefore = state;
  let kind: PieceKind = 'top';
  let unsafe: string | undefined;
  let hasContent = false;
  const close = (end: number, nextIsItem: boolean): PieceSpan => {
    // A `tasks:` head without items after it is an ordinary key whose value is empty (or not a sequence).
    if (/\r(?!\n)/.test(text.slice(start, end))) unsafe ??= 'a carriage return without a line feed';
    return { start, end, kind: kind === 'tasksHead' && !nextIsItem ? 'top' : kind, stateBefore, stateAfter: state, unsafe };
  };
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    let i = pos;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    const indent = i - pos;
    const c = text.charCodeAt(i);
    if (c === TAB) {
      unsafe ??= 'a tab in the indentation';
    } else if (!isLineEnd(text, i, lineEnd) && c !== HASH) {
      let boundary: 'top' | 'item' | undefined;
      if (state >= 0) {
        if (indent === state && isSeqDash(text, i, lineEnd)) boundary = 'item';
        else if (indent === 0) boundary = 'top';
        else if (indent <= state) unsafe ??= 'a line indented less than the tasks items';
      } else if (state === TASKS_PENDING) {
        if (isSeqDash(text, i, lineEnd)) boundary = 'item';
        else if (indent === 0) boundary = 'top';
        else {
          // `tasks:` holds a map or a scalar here: the whole key stays one piece.
          state = TOP;
          kind = 'top';
        }
      } else if (indent === 0) {
        boundary = 'top';
      }
      if (boundary) {
        if (hasContent) {
          yield close(pos, boundary === 'item');
          start = pos;
          stateBefore = state;
          unsafe = undefined;
        }
        if (boundary === 'item') {
          kind = 'item';
          state = indent;
        } else {
          kind = TASKS_HEAD.test(text.slice(pos, lineEnd)) ? 'tasksHead' : 'top';
          state = kind === 'tasksHead' ? TASKS_PENDING : TOP;
          const problem = topLineProblem(text, i, lineEnd);
          if (problem) unsafe ??= problem;
        }
      } else if (!hasContent) {
        unsafe ??= 'the first line is indented';
      }
      hasContent = true;
    }
    pos = next;
  }
  yield close(text.length, false);
}

/** All pieces of a text (for tests and the first build). */
export function splitPieces(text: string): PieceSpan[] {
  return [...scanPieces(text)];
}
