// The one entry point that ties the core together for the CLI and the language server:
// parse (incrementally) -> resolve includes -> count data -> validate -> rates -> rate-driven warnings.
// Everything here is plain data in, plain data out; files are read with node:fs, and open editor
// buffers win over the disk through `setText`/`applyEdits`.
import { statSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { DataCounter, notRegularFile, readTextFileLimited, type CountOutcome, type FieldNames } from './data';
import { DEFAULT_MAX_LENGTH, DEFAULT_MAX_LIVE_LENGTH, fileTooLargeMessage, MixtureDocument } from './parse';
import {
  computeRates,
  compareStrategies,
  rateTreeErrors,
  type RateEntry,
  type RateMixtureNode,
  type RateOverrides,
  type RatesResult,
  type RatesErrorCode,
  type RateStrategy,
  type StrategyComparison,
  type StrategyConfig,
  type TaskRateDetail,
} from './rates';
import type { Diagnostic, IncludeEntry, MixtureModel, Range, TaskEntry } from './types';
import { needsTokens, ProjectTokens, type TaskTokens, type TokenCountOutcome, type TokenProgress, type TokenTask } from './tokens';
import { checkDiminishingRepeats } from './validate/repeatChecks';
import {
  anyRateProblem,
  budgetExamples,
  checkDataOutcome,
  checkEntryLocal,
  checkIncludeOutcome,
  checkRateOutcome,
  checkEngineRates,
  type EngineRateTask,
  TaskChecker,
  checkTaskSize,
  dataSizeNeeded,
  checkTopLevel,
  DEFAULT_MAX_EPOCHS,
  makeDiagnostic,
  type DataOutcome,
  type DiagnosticCode,
  type IncludedTask,
  type TaskRate as RateOutcomeTask,
} from './validate';

export interface AnalyzeSettings {
  /** Count the records of `data`/`eval` files (default true). */
  countData?: boolean;
  /** Text data files larger than this are not counted (default: no limit). */
  maxCountBytes?: number;
  /** Epoch warning threshold when the file has no `budget.max_epochs` (default 10). */
  epochWarning?: number;
  /** A task drawn fewer times than this over the budget is starved (default 1). */
  starvedThreshold?: number;
  /** Also record where each record of a text data file starts (for `taskmix materialize`; see countData). */
  recordStarts?: boolean;
  /** The `taskmix.tokenizer` setting: the tokenizer of files without `tokenizer:`. */
  tokenizer?: string;
  /** How long to wait for a token count before answering with "counting" (default: until it ends, as the CLI wants). */
  tokenWaitMs?: number;
  /** Epochs past which a task gets `diminishing-repeats` (default 4). */
  repeatThreshold?: number;
}

export type { RateOverrides };

/** One leaf task as the editor and the CLI show it. */
export interface TaskView {
  name: string;
  prefix: string;
  /** n used for rates: declared `examples`, else the counted data; NaN when unknown (manual and uniform need none). */
  examples: number;
  declaredExamples?: number;
  countedExamples?: number;
  /** Absolute paths. */
  data?: string;
  eval?: string;
  fields: FieldNames;
  metrics: string[];
  /** Absolute path of the file that defines the task. */
  file: string;
  /** Range of the task's item in `file`. */
  entryRange: Range;
  /** Range of its name in `file`, when written. */
  nameRange?: Range;
  /** Range in the analyzed (root) file of the item that brings the task in: its own item or the include. */
  rootEntryRange: Range;
  via: string[];
  raw: number;
  rate: number;
  epochs: number | null;
  /** The raw-rate formula with the numbers, e.g. `min(8551 x 1, 2097152)^(1/2) = 92.47`. */
  formula: string;
  /** How many include paths reach it. */
  paths: number;
  /** Its tokens: declared, counted (or estimated), still counting, or why not. */
  tokens: TaskTokens;
  /** Its share of the training tokens; null when some task's tokens are unknown. */
  tokenShare: number | null;
  /** Its epochs as epochs of new data (Muennighoff et al. 2023); null without epochs. */
  effectiveEpochs: number | null;
}

export interface Analysis {
  file: string;
  text: string;
  diagnostics: Diagnostic[];
  model: MixtureModel;
  /** Null while the file (or what it includes) has errors. */
  rates: RatesResult | null;
  /** The last rates computed without errors for this file: what views show, marked stale, while `rates` is null. */
  lastValidRates: RatesResult | null;
  /** The root's sampling; null when rates could not be computed. */
  sampling: StrategyConfig | null;
  /** The resolved tree the rates came from (for compare and export); null when it has errors. */
  tree: RateMixtureNode | null;
  /** S, examples drawn over the budget, or null. */
  examplesDrawn: number | null;
  tasks: TaskView[];
  /** Absolute paths this file's result depends on (data, eval and included mixtures, transitively). */
  dependencies: string[];
  /** Each task's tokens by name (own tasks and included ones), also while the file has errors (hover reads it). */
  tokens: ReadonlyMap<string, TaskTokens>;
}

const DEFAULT_FIELDS: FieldNames = { input: 'input', target: 'target' };

interface LoadedFile {
  doc: MixtureDocument;
  /** Disk identity when read from disk; absent for open buffers. */
  mtimeMs?: number;
  size?: number;
}

/** A file resolved with its includes, for one analysis. */
interface Resolved {
  file: string;
  text: string;
  model: MixtureModel;
  /** Every diagnostic of this file except the rate-driven ones. */
  diagnostics: Diagnostic[];
  /** The rate tree, or null when this file or anything it includes has errors. */
  node: RateMixtureNode | null;
  /** Every task definition reachable from this file (own tasks first, then through includes). */
  definitions: TaskDefinition[];
  /** For each task reached only through includes: the include item of THIS file that first reaches it. */
  includedVia: Map<string, IncludeEntry>;
  dependencies: Set<string>;
  /** Set when the file could not be loaded at all: it does not exist, or cannot be read. */
  loadFailure?: 'missing' | 'unreadable';
}

/** What a file could not be loaded for, and the diagnostic that says so. */
interface LoadError {
  error: string;
  code: 'include-missing' | 'file-too-large';
  failure?: 'missing' | 'unreadable';
}

export interface MixtureProjectOptions {
  /** Largest mixture read at all, in bytes on disk and characters in a buffer (default DEFAULT_MAX_LENGTH):
   *  a larger file is refused before it is read. */
  maxLength?: number;
  /** Largest open buffer re-checked on every edit (default DEFAULT_MAX_LIVE_LENGTH): see MixtureDocument. */
  maxLiveLength?: number;
}

interface TaskDefinition {
  name: string;
  prefix?: string;
  examples?: number;
  counted?: number;
  data?: string;
  eval?: string;
  fields: FieldNames;
  file: string;
  entry: TaskEntry;
  /** The data file could not be counted (its own diagnostic says why). */
  dataFailed?: boolean;
  /** Set only where the file has token counting or a declared `tokens` (most keystrokes touch neither). */
  tokens?: TaskTokens;
}

type CountCache = Map<string, Promise<CountOutcome>>;

export class MixtureProject {
  private readonly maxLength: number;
  private readonly maxLiveLength: number;
  private readonly open = new Map<string, MixtureDocument>();
  private readonly disk = new Map<string, LoadedFile>();
  private readonly counter = new DataCounter();
  /** Counts kept until `invalidate`: on the keystroke path nothing is stat'ed again. */
  private readonly counts: CountCache = new Map();
  private readonly lastValid = new Map<string, RatesResult>();
  private readonly dependencies = new Map<string, Set<string>>();
  /** Per file, the cross-task checks kept up to date across edits (see TaskChecker). */
  private readonly taskCheckers = new Map<string, TaskChecker>();
  /** Tokenizers and token counts (core/tokens), kept like the example counts. */
  private readonly tokens = new ProjectTokens();

  constructor(options: MixtureProjectOptions = {}) {
    this.maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    this.maxLiveLength = options.maxLiveLength ?? DEFAULT_MAX_LIVE_LENGTH;
  }

  /** Sets an open buffer's whole text (open, or a full change). */
  setText(file: string, text: string): void {
    const key = resolvePath(file);
    const doc = this.open.get(key);
    if (doc) doc.update(text);
    else this.open.set(key, new MixtureDocument(text, { entryChecker: checkEntryLocal, maxLength: this.maxLength, maxLiveLength: this.maxLiveLength }));
  }

  /**
   * Checks an open buffer too large to re-check as it is typed (see MixtureDocument's maxLiveLength), as an editor
   * does when it is saved. Returns whether it was waiting for a check (its analysis then changes).
   */
  checkNow(file: string): boolean {
    return this.open.get(resolvePath(file))?.checkNow() ?? false;
  }

  /** Applies incremental edits (offsets in the text before each edit, in order, as LSP sends them). */
  applyEdits(file: string, edits: { range: Range; text: string }[]): void {
    const doc = this.open.get(resolvePath(file));
    if (!doc) throw new Error(`applyEdits on a file that is not open: ${file}`);
    doc.applyEdits(edits);
  }

  /** The open buffer's text, if open. */
  textOf(file: string): string | undefined {
    return this.open.get(resolvePath(file))?.text;
  }

  close(file: string): void {
    const key = resolvePath(file);
    this.open.delete(key);
    this.dependencies.delete(key);
    this.lastValid.delete(key);
    this.taskCheckers.delete(key);
  }

  /** Forgets what was read of a file (a data file or a mixture on disk changed). */
  invalidate(path: string): void {
    const key = resolvePath(path);
    this.disk.delete(key);
    this.counter.invalidate(key);
    this.tokens.invalidate(key);
    for (const k of [...this.counts.keys()]) if (k.startsWith(key + '\0')) this.counts.delete(k);
  }

  /** Called when a token count ends that an analysis did not wait for: the files that depend on `path` have news. */
  onTokenCount(listener: (path: string, outcome: TokenCountOutcome) => void): () => void {
    return this.tokens.counter.onSettled(listener);
  }

  /** Token counts under way (for a progress display), reported as they advance and once with [] when all end. */
  onTokenProgress(listener: (active: TokenProgress[]) => void): () => void {
    return this.tokens.counter.onProgress(listener);
  }

  /** Open mixtures whose last analysis depended on the path (to re-validate them). */
  dependentsOf(path: string): string[] {
    const key = resolvePath(path);
    const out: string[] = [];
    for (const [file, deps] of this.dependencies) if (deps.has(key) && file !== key) out.push(file);
    return out;
  }

  /** Analyzes a mixture: the open buffer if there is one, else the file on disk. What-ifs: `ratesUnderOverrides`
   *  (whatIf.ts) on the analysis. */
  async analyze(file: string, settings: AnalyzeSettings = {}): Promise<Analysis> {
    const key = resolvePath(file);
    const resolved = await this.resolve(key, [], settings, new Map());
    const deps = resolved.dependencies;
    this.dependencies.set(key, deps);
    const diagnostics = [...resolved.diagnostics];
    const examplesDrawn = budgetExamples(resolved.model);

    let rates: RatesResult | null = null;
    let sampling: StrategyConfig | null = null;
    let details: TaskRateDetail[] = [];
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    if (!hasErrors && resolved.node) {
      const outcome = computeRates(resolved.node, { examplesDrawn });
      if (outcome.ok) {
        rates = outcome.result;
        sampling = outcome.rootSampling;
        details = outcome.details;
        diagnostics.push(...this.rateDiagnostics(resolved, rates, settings));
        if (resolved.model.engine) diagnostics.push(...this.engineDiagnostics(resolved, rates, settings));
        diagnostics.push(
          ...checkDiminishingRepeats({ model: resolved.model, text: resolved.text, rates, sampling: outcome.rootSampling, tree: resolved.node, details, includedVia: resolved.includedVia, ...(settings.repeatThreshold !== undefined ? { threshold: settings.repeatThreshold } : {}) }),
        );
      } else {
        // The validator should have caught these; report them at the tasks key so they are never silent.
        const at: Range = resolved.model.tasksKey ?? [0, 0];
        for (const e of outcome.errors) {
          const code = RATE_ERROR_CODES[e.code];
          if (!diagnostics.some((d) => d.code === code)) diagnostics.push(makeDiagnostic(code, at, e.message));
        }
      }
    }
    const stillValid = rates && !diagnostics.some((d) => d.severity === 'error');
    if (stillValid && rates) this.lastValid.set(key, rates);
    if (!stillValid) rates = null;

    const analysis = {
      file: key,
      text: resolved.text,
      diagnostics: sortDiagnostics(diagnostics),
      model: resolved.model,
      rates,
      lastValidRates: rates ?? this.lastValid.get(key) ?? null,
      sampling: rates ? sampling : null,
      tree: rates ? resolved.node : null,
      examplesDrawn,
      dependencies: [...deps],
    } as Analysis;
    let tokens: Map<string, TaskTokens> | undefined;
    Object.defineProperty(analysis, 'tokens', {
      enumerable: true,
      get: () => (tokens ??= new Map(resolved.definitions.filter((d) => d.tokens).map((d) => [d.name, d.tokens!]))),
    });
    // Task views are for hover, requests and the CLI, not for every keystroke: built on first read.
    let views: TaskView[] | undefined;
    const finalRates = rates;
    Object.defineProperty(analysis, 'tasks', {
      enumerable: true,
      get: () => (views ??= finalRates ? taskViews(resolved, finalRates, details) : []),
    });
    return analysis;
  }

  /** Rates of the same mixture under the common strategies (`taskmix compare`, the Strategies heatmap). */
  compare(analysis: Analysis): StrategyComparison | null {
    if (!analysis.tree) return null;
    return compareStrategies(analysis.tree, analysis.examplesDrawn);
  }

  /** The named engine's hazards (spec 1.1), each at the item of this file that brings the task in. */
  private engineDiagnostics(resolved: Resolved, rates: RatesResult, settings: AnalyzeSettings): Diagnostic[] {
    const maxEpochs = resolved.model.budget?.max_epochs?.value ?? settings.epochWarning ?? DEFAULT_MAX_EPOCHS;
    const own = new Map<string, TaskEntry>();
    for (const entry of resolved.model.tasks) if (entry.kind === 'task' && entry.name && !own.has(entry.name.value)) own.set(entry.name.value, entry);
    const tasks: EngineRateTask[] = [];
    for (const t of rates.tasks) {
      const entry = own.get(t.name) ?? resolved.includedVia.get(t.name);
      if (entry) tasks.push({ name: t.name, entry, rate: t.rate, examples: t.examples });
    }
    return checkEngineRates(resolved.model, resolved.text, tasks, rates.examples_drawn, maxEpochs);
  }

  private rateDiagnostics(resolved: Resolved, rates: RatesResult, settings: AnalyzeSettings): Diagnostic[] {
    const maxEpochs = resolved.model.budget?.max_epochs?.value ?? settings.epochWarning ?? DEFAULT_MAX_EPOCHS;
    // Most keystrokes leave every task within the thresholds: find that out without building anything.
    if (!anyRateProblem(rates.tasks, rates.examples_drawn, maxEpochs, settings.starvedThreshold)) return [];
    // Each task is reported at the item of this file that brings it in: its own item, else the include.
    const own = new Map<string, TaskEntry>();
    for (const entry of resolved.model.tasks) if (entry.kind === 'task' && entry.name && !own.has(entry.name.value)) own.set(entry.name.value, entry);
    const contributions: RateOutcomeTask[] = [];
    for (const t of rates.tasks) {
      const entry = own.get(t.name) ?? resolved.includedVia.get(t.name);
      if (entry) contributions.push({ name: t.name, entry, rate: t.rate, epochs: t.epochs });
    }
    const thresholds: { maxEpochs: number; starvedThreshold?: number } = { maxEpochs };
    if (settings.starvedThreshold !== undefined) thresholds.starvedThreshold = settings.starvedThreshold;
    return checkRateOutcome(resolved.model, contributions, thresholds, resolved.text);
  }

  /**
   * Loads a mixture file: the open buffer, else the disk (re-read only when it changed). An include of an open
   * buffer that waits for its check (a large file being edited) reads the saved file instead, as checked on save.
   * Only regular files are read (a FIFO would block, /dev/zero never ends), and none over the size limit.
   */
  private load(file: string, forInclude: boolean): { doc: MixtureDocument } | LoadError {
    const open = this.open.get(file);
    if (open && !(forInclude && open.isDeferred)) return { doc: open };
    let st;
    try {
      st = statSync(file);
    } catch {
      this.disk.delete(file);
      return { error: `${file} does not exist`, code: 'include-missing', failure: 'missing' };
    }
    const what = notRegularFile(st);
    if (what) return { error: `${file} is ${what}, not a mixture file`, code: 'include-missing', failure: 'unreadable' };
    if (st.size > this.maxLength) return { error: fileTooLargeMessage(st.size, this.maxLength), code: 'file-too-large' };
    const cached = this.disk.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return { doc: cached.doc };
    const read = readTextFileLimited(file, this.maxLength);
    if (!read.ok) {
      if (read.kind === 'too-large') return { error: fileTooLargeMessage(read.size, this.maxLength), code: 'file-too-large' };
      return { error: read.message, code: 'include-missing', failure: 'unreadable' };
    }
    const doc = new MixtureDocument(read.text, { entryChecker: checkEntryLocal, maxLength: this.maxLength });
    this.disk.set(file, { doc, mtimeMs: st.mtimeMs, size: st.size });
    return { doc };
  }

  private async resolve(file: string, stack: string[], settings: AnalyzeSettings, memo: Map<string, Promise<Resolved>>): Promise<Resolved> {
    const known = memo.get(file);
    if (known) return known;
    const work = this.resolveUncached(file, stack, settings, memo);
    memo.set(file, work);
    return work;
  }

  private async resolveUncached(file: string, stack: string[], settings: AnalyzeSettings, memo: Map<string, Promise<Resolved>>): Promise<Resolved> {
    const loaded = this.load(file, stack.length > 0);
    const dependencies = new Set<string>();
    if ('error' in loaded) {
      const model: MixtureModel = { textLength: 0, keys: [], tasks: [] };
      return {
        file,
        text: '',
        model,
        diagnostics: [makeDiagnostic(loaded.code, [0, 0], loaded.error)],
        node: null,
        definitions: [],
        includedVia: new Map(),
        dependencies,
        ...(loaded.failure ? { loadFailure: loaded.failure } : {}),
      };
    }
    const { doc } = loaded;
    const text = doc.text;
    const parsed = doc.result();
    const model = parsed.model;
    // A file that is not a mapping (or too large to read, or waiting for its check on save) has an empty model:
    // checking it would only add noise.
    const unreadable = doc.isDeferred || parsed.diagnostics.some((d) => d.code === 'not-a-mapping' || d.code === 'file-too-large');
    const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...parsed.entryDiagnostics, ...(unreadable ? [] : checkTopLevel(model, text))];
    const dir = dirname(file);
    const here = [...stack, file];

    // Own tasks: count data (and eval) files, all in parallel.
    const ownDefs: TaskDefinition[] = [];
    const countJobs: Promise<void>[] = [];
    for (const entry of model.tasks) {
      if (entry.kind !== 'task' || !entry.name) continue;
      const fields: FieldNames = entry.fields
        ? { input: entry.fields.input?.value ?? DEFAULT_FIELDS.input, target: entry.fields.target?.value ?? DEFAULT_FIELDS.target }
        : DEFAULT_FIELDS;
      // Plain assignments, not spreads: this runs for every task on every keystroke.
      const def: TaskDefinition = { name: entry.name.value, fields, file, entry };
      if (entry.prefix) def.prefix = entry.prefix.value;
      if (entry.examples) def.examples = entry.examples.value;
      ownDefs.push(def);
      for (const key of ['data', 'eval'] as const) {
        const located = entry[key];
        if (!located) continue;
        const abs = resolvePath(dir, located.value);
        def[key] = abs;
        dependencies.add(abs);
        if (settings.countData === false) continue;
        countJobs.push(
          this.countCached(abs, fields, settings).then((outcome) => {
            if (outcome.ok && key === 'data') def.counted = outcome.count;
            else if (!outcome.ok && key === 'data') def.dataFailed = true;
            diagnostics.push(...checkDataOutcome(entry, toDataOutcome(key, located.value, outcome, abs), text, dataSizeNeeded(model, entry)));
          }),
        );
      }
    }

    // Tokens (spec 1.1): declared, or counted from `data` with the file's tokenizer, on files that use them.
    if (!unreadable && (model.tokenizer || settings.tokenizer || needsTokens(model) || ownDefs.some((d) => d.entry.tokens))) {
      const tokenTasks: TokenTask[] = ownDefs.map((def) => {
        def.tokens = def.entry.tokens ? { declared: def.entry.tokens.value } : {};
        return { name: def.name, entry: def.entry, fields: def.fields, tokens: def.tokens, ...(def.prefix !== undefined ? { prefix: def.prefix } : {}), ...(def.data ? { data: def.data } : {}), ...(def.examples !== undefined ? { examples: def.examples } : {}) };
      });
      countJobs.push(this.tokens.countTasks(file, model, tokenTasks, settings, dependencies).then((ds) => void diagnostics.push(...ds)));
    }

    // Includes, resolved depth-first with the chain on the stack (cycles are errors at the include).
    const includedDefs: TaskDefinition[] = [];
    const includedVia = new Map<string, IncludeEntry>();
    const includedTasks: IncludedTask[] = [];
    const childNodes = new Map<IncludeEntry, RateMixtureNode | null>();
    for (const entry of model.tasks) {
      if (entry.kind !== 'include') continue;
      const target = resolvePath(dir, entry.include.value);
      dependencies.add(target);
      if (here.includes(target)) {
        const chain = [...here.slice(here.indexOf(target)), target].map((f) => relativeName(dir, f));
        diagnostics.push(...checkIncludeOutcome(entry, { status: 'cycle', chain }));
        childNodes.set(entry, null);
        continue;
      }
      const child = await this.resolve(target, here, settings, memo);
      for (const d of child.dependencies) dependencies.add(d);
      if (child.loadFailure) {
        const reason = child.diagnostics[0]!.message;
        diagnostics.push(...checkIncludeOutcome(entry, { status: child.loadFailure, path: entry.include.value, reason }));
        childNodes.set(entry, null);
        continue;
      }
      const childErrors = child.diagnostics.filter((d) => d.severity === 'error');
      // Its rates are computed only as part of this tree, so an error they would have on their own (every rate
      // zero: seqio divides by a sub-mixture's total rate) is found here, as `check` on that file finds it.
      if (childErrors.length === 0 && child.node) {
        const at = child.model.tasksKey ?? [0, 0];
        for (const e of rateTreeErrors(child.node, budgetExamples(child.model))) childErrors.push(makeDiagnostic(RATE_ERROR_CODES[e.code], at, e.message));
      }
      if (childErrors.length > 0) {
        diagnostics.push(
          ...checkIncludeOutcome(entry, {
            status: 'has-errors',
            path: entry.include.value,
            file: target,
            errors: childErrors.map((d) => ({ message: d.message, range: d.range })),
          }),
        );
      }
      childNodes.set(entry, child.node);
      for (const def of child.definitions) {
        includedDefs.push(def);
        if (!includedVia.has(def.name)) includedVia.set(def.name, entry);
        includedTasks.push({
          name: def.name,
          file: def.file,
          via: entry,
          ...(def.prefix !== undefined ? { prefix: def.prefix } : {}),
          ...(def.examples !== undefined ? { examples: def.examples } : {}),
          ...(def.data !== undefined ? { data: def.data } : {}),
          ...(def.entry.name ? { range: def.entry.name.range } : {}),
        });
      }
    }

    await Promise.all(countJobs);
    if (!unreadable) diagnostics.push(...this.crossTaskChecks(file, model, text, includedTasks));

    // Tasks whose size is unknown: no `examples`, and no countable `data`.
    for (const def of ownDefs) {
      const state = def.counted !== undefined ? 'counted' : def.dataFailed ? 'failed' : 'not-counted';
      diagnostics.push(...checkTaskSize(def.entry, state, dataSizeNeeded(model, def.entry)));
    }

    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    // Rates that need tokens still being counted wait for them (no error meanwhile: the views keep the last rates).
    const tokensPending = needsTokens(model) && ownDefs.some((d) => d.tokens?.pending);
    const node = hasErrors || unreadable || tokensPending ? null : buildNode(model, ownDefs, childNodes);
    const ownNames = new Set(ownDefs.map((d) => d.name));
    for (const name of ownNames) includedVia.delete(name);
    return { file, text, model, diagnostics, node, definitions: [...ownDefs, ...includedDefs], includedVia, dependencies };
  }

  /** checkTasks through the file's TaskChecker: a keystroke in one prefix updates an index, not a pass over all tasks. */
  private crossTaskChecks(file: string, model: MixtureModel, text: string, included: IncludedTask[]): Diagnostic[] {
    let checker = this.taskCheckers.get(file);
    if (!checker) this.taskCheckers.set(file, (checker = new TaskChecker()));
    return checker.check(model, text, { file, included });
  }

  /** A data file's count as analyses with these settings read it: from the cache, so that an analysis made with
   *  `recordStarts` hands its record offsets on without a second reading. */
  countData(path: string, fields: FieldNames, settings: AnalyzeSettings = {}): Promise<CountOutcome> {
    return this.countCached(resolvePath(path), fields, settings);
  }

  private countCached(abs: string, fields: FieldNames, settings: AnalyzeSettings): Promise<CountOutcome> {
    const key = `${abs}\0${fields.input}\0${fields.target}\0${settings.maxCountBytes ?? ''}\0${settings.recordStarts ? 'starts' : ''}`;
    let job = this.counts.get(key);
    if (!job) {
      job = this.counter.count(abs, {
        fields,
        ...(settings.maxCountBytes !== undefined ? { maxBytes: settings.maxCountBytes } : {}),
        ...(settings.recordStarts ? { recordStarts: true } : {}),
      });
      this.counts.set(key, job);
    }
    return job;
  }
}

/** The diagnostic that reports each error of the rates engine (reached only through what-ifs (whatIf.ts) or a gap
 *  in the validator, which catches these first on the file's own settings). */
export const RATE_ERROR_CODES: Record<RatesErrorCode, DiagnosticCode> = {
  'no-tasks': 'empty-tasks',
  'unimax-needs-budget': 'unimax-needs-budget',
  'unimax-needs-max-epochs': 'unimax-needs-budget',
  'rate-with-unimax': 'rate-with-unimax',
  'manual-needs-rate': 'manual-missing-rate',
  'invalid-temperature': 'not-positive',
  'invalid-number': 'wrong-type',
  'all-rates-zero': 'all-rates-zero',
  'tokens-unknown': 'tokens-unknown',
};

function buildNode(model: MixtureModel, ownDefs: TaskDefinition[], childNodes: Map<IncludeEntry, RateMixtureNode | null>): RateMixtureNode | null {
  const byEntry = new Map(ownDefs.map((d) => [d.entry, d]));
  const entries: RateEntry[] = [];
  for (const entry of model.tasks) {
    if (entry.kind === 'task') {
      const def = byEntry.get(entry);
      if (!def) return null;
      // NaN: a size the rates do not need (manual, uniform) and nobody gave; a strategy that needs it has an
      // `examples-unknown` error by now, and the rates engine refuses a NaN it would have to read.
      const examples = def.examples ?? def.counted ?? NaN;
      const tokens = def.tokens?.declared ?? def.tokens?.counted;
      entries.push({
        kind: 'task',
        name: def.name,
        prefix: def.prefix ?? '',
        examples,
        ...(entry.data ? { data: entry.data.value } : {}),
        ...(entry.scale ? { scale: entry.scale.value } : {}),
        ...(entry.rate ? { rate: entry.rate.value } : {}),
        ...(tokens !== undefined ? { tokens } : {}),
        ...(def.tokens?.declared === undefined && def.tokens?.estimated ? { tokensEstimated: true } : {}),
      });
    } else if (entry.kind === 'include') {
      const child = childNodes.get(entry);
      if (!child) return null;
      entries.push({ ...child, ...(entry.rate ? { rate: entry.rate.value } : {}) });
    } else {
      return null;
    }
  }
  const tokensDrawn = model.budget?.tokens?.value;
  return { kind: 'mixture', name: model.mixture?.value ?? 'mixture', sampling: samplingOf(model), entries, ...(tokensDrawn !== undefined ? { tokensDrawn } : {}) };
}

export function samplingOf(model: MixtureModel): StrategyConfig {
  const s = model.sampling;
  const written = s?.strategy?.value ?? 'proportional';
  const strategy = (written === 'equal' ? 'uniform' : written) as RateStrategy;
  const config: StrategyConfig = { strategy };
  if (s?.temperature) config.temperature = s.temperature.value;
  if (s?.cap && s.cap.value > 0) config.cap = s.cap.value;
  if (s?.default_rate) config.defaultRate = s.default_rate.value;
  if (model.budget?.max_epochs) config.maxEpochs = model.budget.max_epochs.value;
  if (s?.unit?.value === 'tokens') config.unit = 'tokens';
  return config;
}

function toDataOutcome(key: 'data' | 'eval', path: string, outcome: CountOutcome, file: string): DataOutcome {
  if (outcome.ok) {
    const missing = (outcome.missingFields ?? []).map((m) => ({
      field: m.role,
      name: m.field,
      line: m.line ?? 1,
      ...(outcome.columns ? { available: outcome.columns } : recordKeys(outcome.records?.[0]?.record)),
    }));
    return {
      status: 'ok',
      key,
      count: outcome.count,
      ...(missing.length ? { missingFields: missing } : {}),
      // What the reader noticed (a record too large to show, a ragged row) becomes a warning, not nothing.
      ...(outcome.warnings?.length ? { warnings: outcome.warnings, path } : {}),
    };
  }
  switch (outcome.kind) {
    case 'missing':
      return { status: 'missing', key, path };
    case 'malformed':
      return { status: 'malformed', key, path, line: outcome.line ?? 1, reason: outcome.message, file };
    default:
      return { status: 'unreadable', key, path, reason: outcome.message };
  }
}

function recordKeys(record: unknown): { available?: readonly string[] } {
  return record && typeof record === 'object' && !Array.isArray(record) ? { available: Object.keys(record) } : {};
}

function taskViews(resolved: Resolved, rates: RatesResult, details: TaskRateDetail[]): TaskView[] {
  const defs = new Map<string, TaskDefinition>();
  for (const d of resolved.definitions) if (!defs.has(d.name)) defs.set(d.name, d);
  return rates.tasks.map((t, i) => {
    const def = defs.get(t.name);
    const detail = details[i];
    const local = def?.file === resolved.file;
    const rootEntryRange = local ? def!.entry.range : resolved.includedVia.get(t.name)?.range ?? [0, 0];
    const view: TaskView = {
      name: t.name,
      prefix: t.prefix,
      examples: t.examples,
      fields: def?.fields ?? DEFAULT_FIELDS,
      metrics: (def?.entry.metrics ?? []).map((m) => m.value),
      file: def?.file ?? resolved.file,
      entryRange: def?.entry.range ?? [0, 0],
      rootEntryRange,
      via: t.via,
      raw: t.raw,
      rate: t.rate,
      epochs: t.epochs,
      formula: detail?.formula ?? '',
      paths: detail?.paths ?? 1,
      tokens: def?.tokens ?? {},
      tokenShare: t.token_share ?? null,
      effectiveEpochs: t.effective_epochs ?? null,
    };
    if (def?.examples !== undefined) view.declaredExamples = def.examples;
    if (def?.counted !== undefined) view.countedExamples = def.counted;
    if (def?.data) view.data = def.data;
    if (def?.eval) view.eval = def.eval;
    if (def?.entry.name) view.nameRange = def.entry.name.range;
    return view;
  });
}

function relativeName(dir: string, file: string): string {
  return file.startsWith(dir + '/') ? file.slice(dir.length + 1) : file;
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.code.localeCompare(b.code));
}
