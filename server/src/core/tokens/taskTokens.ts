// What an analysis makes of tokens for one mixture file: its tokenizer (the file's `tokenizer:`, else the
// `taskmix.tokenizer` setting), each own task's token count (declared, counted from `data`, or estimated), and the
// located diagnostics (a tokenizer that cannot be read, a task whose tokens the mixture needs but nobody knows).
// Counting is never waited for longer than the caller allows: the editor gets "counting" and is told when a count
// ends (TokenCounter.onSettled); the CLI waits for every count.
import { dirname, resolve as resolvePath } from 'node:path';
import type { FieldNames } from '../data/outcome';
import type { Diagnostic, MixtureModel, Range, TaskEntry } from '../types';
import { checkTaskTokens, checkTokenizerOutcome, needsTokens } from '../validate/tokenOutcome';
import { TokenCounter, tokensOfCount, type TokenCountOutcome, type TokenCounterOptions } from './tokenCounter';
import { TokenizerFiles, type LoadedTokenizer } from './tokenizerFile';

/** A task's tokens as the analysis knows them. */
export interface TaskTokens {
  /** Declared `tokens`. */
  declared?: number;
  /** Counted from `data` (or estimated: see `estimated`). */
  counted?: number;
  estimated?: boolean;
  /** Records without the fields (not counted). */
  skipped?: number;
  /** The count is still running (the analysis did not wait for it). */
  pending?: boolean;
  /** Why the tokens could not be counted. */
  failure?: string;
}

/** One own task of the file, as the token glue needs it. */
export interface TokenTask {
  name: string;
  entry: TaskEntry;
  prefix?: string;
  /** Absolute path of `data`. */
  data?: string;
  fields: FieldNames;
  /** Declared examples (the scale of an estimate). */
  examples?: number;
  tokens: TaskTokens;
}

export interface TokenSettings {
  /** The `taskmix.tokenizer` setting: used by files without `tokenizer:` (relative paths: to the mixture's folder). */
  tokenizer?: string;
  /** How long to wait for a count before answering with "counting" (default: until it ends). */
  tokenWaitMs?: number;
  /** Count `data` at all (the `taskmix.countData.enabled` setting). */
  countData?: boolean;
  /** Text files over this size get an estimate. */
  maxCountBytes?: number;
}

export { needsTokens };

export class ProjectTokens {
  readonly tokenizers = new TokenizerFiles();
  readonly counter: TokenCounter;

  constructor(options: TokenCounterOptions = {}) {
    this.counter = new TokenCounter(options);
  }

  /** The tokenizer path of a file: its own `tokenizer:` (relative to it), else the setting; with where to report it. */
  tokenizerPath(model: MixtureModel, file: string, settings: TokenSettings): { path: string; range: Range; fromSetting: boolean } | null {
    if (model.tokenizer) return { path: resolvePath(dirname(file), model.tokenizer.value), range: model.tokenizer.range, fromSetting: false };
    const setting = settings.tokenizer?.trim();
    if (!setting) return null;
    // A setting's problem is reported at the top of the file, where `tokenizer:` would go.
    return { path: resolvePath(dirname(file), setting), range: model.mixture?.range ?? model.keys[0]?.keyRange ?? [0, 0], fromSetting: true };
  }

  /**
   * Fills in each task's `tokens` (declared ones are set by the caller) and returns the diagnostics; `dependencies`
   * gets the tokenizer's path, so that editing it re-analyzes the file.
   */
  async countTasks(file: string, model: MixtureModel, tasks: readonly TokenTask[], settings: TokenSettings, dependencies: Set<string>): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const where = this.tokenizerPath(model, file, settings);
    let tokenizer: LoadedTokenizer | undefined;
    let noTokenizer = 'the mixture has no `tokenizer` (and the `taskmix.tokenizer` setting is empty)';
    if (where) {
      dependencies.add(where.path);
      const loaded = await this.tokenizers.load(where.path);
      if (loaded.ok) tokenizer = loaded.tokenizer;
      else {
        out.push(...checkTokenizerOutcome(where.range, where.fromSetting, loaded.message));
        noTokenizer = 'the tokenizer cannot be read';
      }
    }
    const wanted = tasks.filter((t) => t.tokens.declared === undefined && t.data !== undefined);
    if (tokenizer && settings.countData !== false) {
      const tk = tokenizer;
      await Promise.all(wanted.map((task) => this.countTask(file, task, tk, settings)));
    }
    const states = tasks.map((task) => {
      const t = task.tokens;
      const why =
        task.data === undefined ? 'it has no `data` to count them from' : t.failure ? t.failure : !tokenizer ? noTokenizer : 'data counting is off (`taskmix.countData.enabled`)';
      return { entry: task.entry, name: task.name, known: t.declared !== undefined || t.counted !== undefined, ...(t.pending ? { pending: true } : {}), why };
    });
    out.push(...checkTaskTokens(model, states));
    return out;
  }

  private async countTask(file: string, task: TokenTask, tokenizer: LoadedTokenizer, settings: TokenSettings): Promise<void> {
    const request = {
      path: task.data!,
      tokenizer,
      fields: task.fields,
      prefix: task.prefix ?? '',
      slot: `${file}\0${task.name}`,
      ...(settings.maxCountBytes !== undefined ? { maxBytes: settings.maxCountBytes } : {}),
    };
    const outcome = await withDeadline(this.counter.count(request), settings.tokenWaitMs);
    if (outcome === undefined || (!outcome.ok && outcome.aborted)) {
      task.tokens.pending = true;
      return;
    }
    if (!outcome.ok) {
      task.tokens.failure = outcome.message;
      return;
    }
    const tokens = tokensOfCount(outcome, task.examples);
    if (!tokens) {
      task.tokens.failure = 'the data file is over the counting limit, and an estimate needs the task\'s `examples`';
      return;
    }
    task.tokens.counted = tokens.tokens;
    if (tokens.estimated) task.tokens.estimated = true;
    if (outcome.skipped > 0) task.tokens.skipped = outcome.skipped;
  }

  /** Forgets what was read of a path (a data file or a tokenizer changed on disk). */
  invalidate(path: string): void {
    this.counter.invalidate(path);
    this.tokenizers.invalidate(path);
  }
}

/** The outcome, or undefined when it takes longer than `ms` (undefined ms: wait for it). */
function withDeadline(outcome: Promise<TokenCountOutcome>, ms: number | undefined): Promise<TokenCountOutcome | undefined> {
  if (ms === undefined) return outcome;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([outcome, deadline]).finally(() => clearTimeout(timer));
}
