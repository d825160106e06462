// The answer to `taskmix/whatIfRates` (the Balance Preview's temperature slider), packed once by the language server
// and unpacked by the view; the extension host passes it through untouched. On every slider step the tasks are the
// same and only their numbers change, so the task list travels only when it changed, and the numbers as three
// columns of float64 in base64: at 1,000 tasks 32 KB of plain strings instead of 1,000 objects (167 KB of JSON),
// carried from the server to the extension host and on to the webview, each hop copying, and most parsing, it.
import type { RatesResult, TaskRate } from '../server/src/core/rates';

/** A task as the Temperature tab shows it: what a what-if answer carries of each task (the core's TaskRate has
 *  more, e.g. token counts, that the tab does not show and so never travel on a slider step). */
export type WhatIfTaskRate = Pick<TaskRate, 'name' | 'via' | 'prefix' | 'examples' | 'raw' | 'rate' | 'epochs'>;

/** The rates under a what-if, as the view gets them: the core's RatesResult with the tasks as the tab shows them. */
export interface WhatIfRates extends Omit<RatesResult, 'tasks'> {
  tasks: WhatIfTaskRate[];
}

/** A task of the list, without the numbers that change with the what-if. */
export type WhatIfTask = Pick<TaskRate, 'name' | 'via' | 'prefix' | 'examples'>;

/** A column of numbers: little-endian float64s in base64 (NaN stands for null). */
export type Float64Column = string;

export interface WhatIfRatesPacked extends Omit<RatesResult, 'tasks'> {
  /** Names the task list; a request that sends it back gets no list when it is still the same. */
  tasksKey: string;
  /** The task list; omitted when the request's `tasksKey` named this very list. */
  tasks?: WhatIfTask[];
  /** Each task's numbers that change with the what-if, in task order. */
  raw: Float64Column;
  rate: Float64Column;
  /** NaN where a task's epochs are null (no budget, or no examples). */
  epochs: Float64Column;
}

/** The task list a view holds, under the key the server gave it. */
export interface HeldTasks {
  key: string;
  tasks: readonly WhatIfTask[];
}

/** Packs `result` for a requester that holds the list named `heldKey` (none for a new view). */
export function packWhatIf(result: RatesResult | WhatIfRates, heldKey: string | undefined): WhatIfRatesPacked {
  const { tasks, ...rest } = result;
  const n = tasks.length;
  const raw = new Float64Array(n);
  const rate = new Float64Array(n);
  const epochs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = tasks[i]!;
    raw[i] = t.raw;
    rate[i] = t.rate;
    epochs[i] = t.epochs ?? NaN;
  }
  const tasksKey = taskListKey(tasks);
  const packed: WhatIfRatesPacked = { ...rest, tasksKey, raw: encodeFloat64(raw), rate: encodeFloat64(rate), epochs: encodeFloat64(epochs) };
  if (tasksKey !== heldKey) packed.tasks = tasks.map((t) => ({ name: t.name, via: t.via, prefix: t.prefix, examples: t.examples }));
  return packed;
}

/** The answer as the view shows it, from a packed one and the list the view holds; undefined when they disagree. */
export function unpackWhatIf(packed: WhatIfRatesPacked, held: HeldTasks | undefined): { result: WhatIfRates; held: HeldTasks } | undefined {
  const list = packed.tasks ? { key: packed.tasksKey, tasks: packed.tasks } : held?.key === packed.tasksKey ? held : undefined;
  if (!list) return undefined;
  const n = list.tasks.length;
  const raw = decodeFloat64(packed.raw);
  const rate = decodeFloat64(packed.rate);
  const epochs = decodeFloat64(packed.epochs);
  if (!raw || !rate || !epochs || raw.length !== n || rate.length !== n || epochs.length !== n) return undefined;
  const tasks: WhatIfTaskRate[] = new Array(n);
  for (let i = 0; i < n; i++) {
    // A literal, not a spread of the listed task: V8 builds a spread followed by more fields about 20x slower.
    const t = list.tasks[i]!;
    const e = epochs[i]!;
    tasks[i] = { name: t.name, via: t.via, prefix: t.prefix, examples: t.examples, raw: raw[i]!, rate: rate[i]!, epochs: Number.isNaN(e) ? null : e };
  }
  const { tasks: _sent, tasksKey: _key, raw: _raw, rate: _rate, epochs: _epochs, ...rest } = packed;
  return { result: { ...rest, tasks }, held: list };
}

/**
 * A 64-bit hash of the task list, so the key is short whatever the list's size. Two multiplicative hashes over every
 * character, with a marker after each field so that ("ab", "c") and ("a", "bc") differ; the list's length leads.
 */
export function taskListKey(tasks: readonly WhatIfTask[]): string {
  let h1 = 0xdeadbeef ^ tasks.length;
  let h2 = 0x41c6ce57 ^ tasks.length;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0x10000, 2654435761);
    h2 = Math.imul(h2 ^ 0x10000, 1597334677);
  };
  for (const t of tasks) {
    feed(t.name);
    feed(String(t.via.length));
    for (const v of t.via) feed(v);
    feed(t.prefix);
    feed(String(t.examples));
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${tasks.length}-${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LETTERS = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const CODES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) CODES[ALPHABET.charCodeAt(i)] = i;
const PAD = '='.charCodeAt(0);
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The column's bytes, little-endian whatever the machine. */
function littleEndianBytes(values: Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

// Base64 written out rather than Buffer (Node only) or btoa/atob (binary strings): the same code runs in the server
// and in the view.
export function encodeFloat64(values: Float64Array): Float64Column {
  const bytes = littleEndianBytes(values);
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let at = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const b0 = bytes[i]!;
    const b1 = rest > 1 ? bytes[i + 1]! : 0;
    const b2 = rest > 2 ? bytes[i + 2]! : 0;
    out[at++] = LETTERS[b0 >> 2]!;
    out[at++] = LETTERS[((b0 & 3) << 4) | (b1 >> 4)]!;
    out[at++] = rest > 1 ? LETTERS[((b1 & 15) << 2) | (b2 >> 6)]! : PAD;
    out[at++] = rest > 2 ? LETTERS[b2 & 63]! : PAD;
  }
  return new TextDecoder('ascii').decode(out);
}

/** The column's numbers; undefined when `text` is not base64 of whole float64s. */
export function decodeFloat64(text: string): Float64Array | undefined {
  const length = text.length;
  if (length % 4 !== 0) return undefined;
  const padding = length > 0 && text.charCodeAt(length - 1) === PAD ? (text.charCodeAt(length - 2) === PAD ? 2 : 1) : 0;
  const byteLength = (length / 4) * 3 - padding;
  if (byteLength % 8 !== 0) return undefined;
  // Every group writes three bytes; the padding's are not part of the column.
  const bytes = new Uint8Array((length / 4) * 3);
  let at = 0;
  for (let i = 0; i < length; i += 4) {
    const last = i + 4 === length;
    const c0 = code(text, i);
    const c1 = code(text, i + 1);
    const c2 = last && padding === 2 ? 0 : code(text, i + 2);
    const c3 = last && padding >= 1 ? 0 : code(text, i + 3);
    if ((c0 | c1 | c2 | c3) < 0) return undefined;
    const triple = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    bytes[at++] = triple >> 16;
    bytes[at++] = (triple >> 8) & 255;
    bytes[at++] = triple & 255;
  }
  if (LITTLE_ENDIAN) return new Float64Array(bytes.buffer, 0, byteLength / 8);
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

function code(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CODES[c]! : -1;
}
