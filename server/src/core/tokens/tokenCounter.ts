// Token counts of data files for the analyses, kept by path, size, mtime, tokenizer, fields and prefix: the editor
// re-analyzes on every keystroke, and a count of a large file takes minutes. Small files are counted on the calling
// thread; larger ones on token workers (runTokenWorker.ts), a plain JSON Lines file cut into byte ranges counted at
// once. A file over the counting limit gets an estimate from its first records instead of nothing. Progress and
// finished counts are reported to listeners (the server shows the one and re-analyzes on the other).
import { stat } from 'node:fs/promises';
import { splitAtLineFeeds } from '../data/parallelJsonl';
import { DataError } from '../data/dataError';
import { detectFileKind } from '../data/dataFormat';
import type { FieldNames } from '../data/outcome';
import { tallyTokens, tokenCounterOf, type CountTokens, type TokenSource, type TokenTally } from './recordTokens';
import { maxTokenWorkers, runTokenWorker } from './runTokenWorker';
import type { LoadedTokenizer } from './tokenizerFile';
import type { TokenWorkerTask } from './tokenWorkerProtocol';

export interface TokenCountRequest {
  /** Absolute path of the data file. */
  path: string;
  tokenizer: LoadedTokenizer;
  fields: FieldNames;
  prefix: string;
  /** Files larger than this on disk (.gz: compressed) get an estimate from their first records. */
  maxBytes?: number;
  /** Who asks (e.g. a mixture file and a task name). A new request of the same slot with other inputs (the prefix
   *  was edited) cancels the slot's unfinished count, unless another slot waits for it too. */
  slot?: string;
}

export type TokenCountOutcome =
  | { ok: true; estimated: false; tokens: number; records: number; skipped: number; bytes: number }
  /** Over the limit: the first records' tokens; the caller scales them by the task's examples. */
  | { ok: true; estimated: true; sampleTokens: number; sampleRecords: number; skipped: number; bytes: number }
  | { ok: false; aborted: boolean; message: string };

export interface TokenCounterOptions {
  /** Files up to this size are counted on the calling thread (default 64 KiB: about a tenth of a second). */
  inlineMaxBytes?: number;
  /** A plain JSON Lines file is cut into ranges of at least this size (default 8 MiB), one worker each. */
  rangeMinBytes?: number;
  /** At most this many ranges per file (default: the cores). */
  ranges?: number;
  /** Records read for an estimate (default 1000). */
  estimateRecords?: number;
}

/** One count in progress. */
export interface TokenProgress {
  path: string;
  /** Bytes read so far, of `total` (decompressed bytes of a .gz file may pass its size on disk). */
  bytes: number;
  total: number;
}

interface Entry {
  key: string;
  path: string;
  outcome: Promise<TokenCountOutcome>;
  settled: boolean;
  controller: AbortController;
  slots: Set<string>;
  progress: TokenProgress;
}

export class TokenCounter {
  private readonly entries = new Map<string, Entry>();
  private readonly slots = new Map<string, Entry>();
  private readonly counters = new WeakMap<LoadedTokenizer, CountTokens>();
  private readonly progressListeners = new Set<(active: TokenProgress[]) => void>();
  private readonly settledListeners = new Set<(path: string, outcome: TokenCountOutcome) => void>();

  constructor(private readonly options: TokenCounterOptions = {}) {}

  /** The count (or estimate) for the request, from the cache while the file and the inputs are unchanged. Never throws. */
  async count(request: TokenCountRequest): Promise<TokenCountOutcome> {
    let size: number;
    let mtimeMs: number;
    try {
      ({ size, mtimeMs } = await stat(request.path));
    } catch (error) {
      this.invalidate(request.path);
      return { ok: false, aborted: false, message: `${request.path} cannot be read: ${(error as Error).message}` };
    }
    const estimate = request.maxBytes !== undefined && size > request.maxBytes;
    const { fields, prefix } = request;
    const key = [request.path, size, mtimeMs, request.tokenizer.key, fields.input, fields.target, prefix, estimate ? 'estimate' : ''].join('\0');
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.start(key, request, size, estimate);
      this.entries.set(key, entry);
      this.emitProgress();
    }
    if (request.slot !== undefined) this.takeSlot(request.slot, entry);
    return entry.outcome;
  }

  /** Forgets every count of the file (it changed on disk). */
  invalidate(path: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.path !== path) continue;
      this.entries.delete(key);
      if (!entry.settled) entry.controller.abort();
    }
  }

  /** Counts under way, for a progress display. */
  active(): TokenProgress[] {
    return [...this.entries.values()].filter((e) => !e.settled).map((e) => ({ ...e.progress }));
  }

  /** Called (at most every few hundred milliseconds per count) while counts run, and once with [] when the last ends. */
  onProgress(listener: (active: TokenProgress[]) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Called when a count finishes (not when it is cancelled). */
  onSettled(listener: (path: string, outcome: TokenCountOutcome) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private takeSlot(slot: string, entry: Entry): void {
    const before = this.slots.get(slot);
    if (before === entry) return;
    this.slots.set(slot, entry);
    entry.slots.add(slot);
    if (!before) return;
    before.slots.delete(slot);
    if (before.slots.size === 0 && !before.settled) {
      before.controller.abort();
      this.entries.delete(before.key);
    }
  }

  private start(key: string, request: TokenCountRequest, size: number, estimate: boolean): Entry {
    const controller = new AbortController();
    const entry: Entry = {
      key,
      path: request.path,
      settled: false,
      controller,
      slots: new Set(),
      progress: { path: request.path, bytes: 0, total: size },
      outcome: Promise.resolve({ ok: false, aborted: true, message: '' }),
    };
    let lastReport = 0;
    const onBytes = (bytes: number): void => {
      entry.progress.bytes = bytes;
      const now = Date.now();
      if (now - lastReport < 250) return;
      lastReport = now;
      this.emitProgress();
    };
    entry.outcome = this.run(request, size, estimate, onBytes, controller.signal).then((outcome) => {
      entry.settled = true;
      if (!outcome.ok && outcome.aborted) {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      } else {
        for (const listener of this.settledListeners) listener(request.path, outcome);
      }
      this.emitProgress();
      return outcome;
    });
    return entry;
  }

  private emitProgress(): void {
    const active = this.active();
    for (const listener of this.progressListeners) listener(active);
  }

  private async run(request: TokenCountRequest, size: number, estimate: boolean, onBytes: (bytes: number) => void, signal: AbortSignal): Promise<TokenCountOutcome> {
    const task = (source: TokenSource, maxRecords?: number): TokenWorkerTask => ({
      source,
      fields: request.fields,
      prefix: request.prefix,
      tokenizerJson: request.tokenizer.json,
      ...(request.tokenizer.config !== undefined ? { tokenizerConfig: request.tokenizer.config } : {}),
      ...(maxRecords !== undefined ? { maxRecords } : {}),
    });
    try {
      const inlineMax = this.options.inlineMaxBytes ?? 64 << 10;
      if (estimate) {
        const maxRecords = this.options.estimateRecords ?? 1000;
        const tally =
          size <= inlineMax
            ? await this.inline({ path: request.path }, request, onBytes, signal, maxRecords)
            : await runTokenWorker(task({ path: request.path }, maxRecords), onBytes, signal);
        return { ok: true, estimated: true, sampleTokens: tally.tokens, sampleRecords: tally.records, skipped: tally.skipped, bytes: size };
      }
      let tally: TokenTally;
      if (size <= inlineMax) tally = await this.inline({ path: request.path }, request, onBytes, signal);
      else {
        const ranges = await this.ranges(request.path, size);
        if (ranges.length === 1) tally = await runTokenWorker(task({ path: request.path }), onBytes, signal);
        else {
          const read = ranges.map(() => 0);
          const tallies = await Promise.all(
            ranges.map((range, i) =>
              runTokenWorker(task({ path: request.path, range }), (bytes) => {
                read[i] = bytes;
                onBytes(read.reduce((a, b) => a + b, 0));
              }, signal),
            ),
          );
          tally = tallies.reduce((a, b) => ({ tokens: a.tokens + b.tokens, records: a.records + b.records, skipped: a.skipped + b.skipped }));
        }
      }
      return { ok: true, estimated: false, tokens: tally.tokens, records: tally.records, skipped: tally.skipped, bytes: size };
    } catch (error) {
      if (error instanceof DataError && error.kind === 'aborted') return { ok: false, aborted: true, message: error.message };
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, aborted: false, message: `its tokens could not be counted: ${detail}` };
    }
  }

  private inline(source: TokenSource, request: TokenCountRequest, onBytes: (bytes: number) => void, signal: AbortSignal, maxRecords?: number): Promise<TokenTally> {
    let count = this.counters.get(request.tokenizer);
    if (!count) this.counters.set(request.tokenizer, (count = tokenCounterOf(request.tokenizer.tokenizer)));
    return tallyTokens(source, request.fields, request.prefix, count, { signal, onBytes, ...(maxRecords !== undefined ? { maxRecords } : {}) });
  }

  /** Byte ranges of a plain JSON Lines file large enough to share out, else one range (the whole file). */
  private async ranges(path: string, size: number): Promise<{ start: number; end: number }[]> {
    let kind;
    try {
      kind = detectFileKind(path);
    } catch {
      return [{ start: 0, end: size }];
    }
    const wanted = Math.min(this.options.ranges ?? maxTokenWorkers, Math.floor(size / (this.options.rangeMinBytes ?? 8 << 20)));
    if (kind.format !== 'jsonl' || kind.compressed || wanted < 2) return [{ start: 0, end: size }];
    const bounds = await splitAtLineFeeds(path, size, wanted);
    return bounds.slice(1).map((end, i) => ({ start: bounds[i]!, end }));
  }
}

/**
 * Tokens of a task from a count: the count itself, or, for an estimate, the first records' mean times the task's
 * examples (null when they are unknown).
 */
export function tokensOfCount(outcome: Extract<TokenCountOutcome, { ok: true }>, examples: number | undefined): { tokens: number; estimated: boolean } | null {
  if (!outcome.estimated) return { tokens: outcome.tokens, estimated: false };
  // Records without the fields count 0 tokens in a full count: they do in the sample's mean too.
  if (examples === undefined || Number.isNaN(examples) || outcome.sampleRecords <= 0) return null;
  return { tokens: Math.round((outcome.sampleTokens / outcome.sampleRecords) * examples), estimated: true };
}
