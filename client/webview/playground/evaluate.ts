// "Evaluate task" in the playground: runs the task's first N eval records (as T5 sees them, from the server)
// through the loaded model with the panel's decoding settings, one after another with progress and Stop, then
// has the server score the predictions (the same core call as `taskmix eval`) and shows the table and the
// aggregates; "Write to results" puts one aggregate into the mixture's `results` block.
import type { EvaluationReport, ExampleRecord, FromPlaygroundView, ResultsBlock, ToPlaygroundView } from '../../../contracts/playgroundMessages';
import type { GenerationSettings } from '../../../t5/index';
import type { ModelRuntime } from './runtime';
import { el } from './view';

/** The page's parts the evaluation needs; main.ts supplies them. */
export interface EvaluationContext {
  post(m: FromPlaygroundView): void;
  /** The loaded model, or null while none is. */
  runtime(): ModelRuntime | null;
  /** The selected mixture task when it has an eval split, else why not. */
  task(): { name: string } | { reason: string };
  decoding(): { settings: Partial<GenerationSettings> } | { error: string };
  /** Called when a run starts or ends, so the page can enable its own buttons. */
  busyChanged(): void;
}

export const DEFAULT_EVAL_COUNT = 100;
/** Request ids of the evaluation's own messages, apart from main.ts's. */
const FIRST_REQUEST_ID = 1_000_000;

/** Aggregates as the CLI's text report prints them (BLEU 2 decimals, the rest 4). */
export function formatMetric(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'undefined';
  return value.toFixed(name === 'bleu' ? 2 : 4);
}

/** Metrics on a 0-1 scale are written ×100 into a block whose scores are percentages; BLEU is already 0-100. */
export function valueToWrite(metric: string, value: number, percent: boolean): number {
  return percent && metric !== 'bleu' ? Number((value * 100).toFixed(4)) : value;
}

type Phase = { kind: 'idle' } | { kind: 'waiting' } | { kind: 'reading' } | { kind: 'running'; done: number; total: number } | { kind: 'scoring' };

export class EvaluationPanel {
  readonly root: HTMLElement;
  private readonly count = el('input', { id: 'eval-count', type: 'number', min: '1', max: '100', value: String(DEFAULT_EVAL_COUNT), 'aria-label': 'Records to evaluate' });
  private readonly start = el('button', { id: 'evaluate', type: 'button', title: 'Run the first eval records through the model and score them' }, 'Evaluate task');
  private readonly stopButton = el('button', { id: 'eval-stop', type: 'button', disabled: true }, 'Stop');
  private readonly progress = el('progress', { id: 'eval-progress', max: '1', value: '0', hidden: true });
  private readonly status = el('div', { id: 'eval-status', class: 'pg-muted', 'aria-live': 'polite' });
  private readonly error = el('div', { id: 'eval-error', class: 'pg-error', role: 'alert', hidden: true });
  private readonly metrics = el('dl', { id: 'eval-metrics', class: 'pg-stats' });
  private readonly notes = el('div', { id: 'eval-notes', class: 'pg-notes' });
  private readonly table = el('table', { id: 'eval-table', class: 'pg-eval-table' });
  private readonly block = el('select', { id: 'eval-block', 'aria-label': 'Results block' },
    el('option', { value: 'single_task' }, 'single_task (trained alone)'), el('option', { value: 'multi_task' }, 'multi_task (trained on this mixture)'));
  private readonly metric = el('select', { id: 'eval-metric', 'aria-label': 'Metric to write' });
  private readonly percent = el('input', { id: 'eval-percent', type: 'checkbox' });
  private readonly write = el('button', { id: 'eval-write', type: 'button' }, 'Write to results');
  private readonly written = el('div', { id: 'eval-written', class: 'pg-notice', hidden: true });
  private readonly writeBox: HTMLElement;
  private phase: Phase = { kind: 'idle' };
  private stopRequested = false;
  private nextRequestId = FIRST_REQUEST_ID;
  private examplesWaiter: { id: number; resolve: (m: Extract<ToPlaygroundView, { type: 'examples' }>) => void } | undefined;
  private scoreWaiter: { id: number; resolve: (m: Extract<ToPlaygroundView, { type: 'evaluation' }>) => void } | undefined;
  private report: EvaluationReport | null = null;
  /** The inputs shown in the table, by eval line. */
  private inputs = new Map<number, string>();

  constructor(private readonly ctx: EvaluationContext) {
    this.writeBox = el('div', { id: 'eval-write-box', class: 'pg-row', hidden: true },
      this.block, this.metric, el('label', { class: 'pg-check' }, this.percent, el('span', {}, '×100')), this.write);
    this.root = el('section', { class: 'pg-eval' },
      el('h3', {}, 'Evaluate'),
      el('div', { class: 'pg-row' }, this.start, el('label', {}, 'first ', this.count, ' eval records'), this.stopButton),
      this.progress, this.status, this.error, this.metrics, this.notes, this.writeBox, this.written, this.table);
    this.start.addEventListener('click', () => void this.run());
    this.stopButton.addEventListener('click', () => this.stop());
    this.write.addEventListener('click', () => this.writeResults());
    this.metric.addEventListener('change', () => this.updatePercentDefault());
  }

  get busy(): boolean {
    return this.phase.kind !== 'idle';
  }

  /** Enables the buttons for the page's state (main.ts calls it whenever its own buttons change). */
  update(): void {
    const task = this.ctx.task();
    const runtime = this.ctx.runtime();
    this.start.disabled = this.busy || 'reason' in task || !runtime || runtime.running;
    this.start.title = 'reason' in task ? task.reason : !runtime ? 'Load a model first' : 'Run the first eval records through the model and score them';
    this.stopButton.disabled = !this.busy;
  }

  /** "Evaluate task" from the lens: run now, or as soon as the model is loaded. */
  requestStart(): void {
    if (this.busy) return;
    if (this.ctx.runtime()) return void this.run();
    this.phase = { kind: 'waiting' };
    this.status.textContent = 'Waiting for the model to load…';
    this.changed();
  }

  /** The model finished loading (or failed: then `ok` is false). */
  modelSettled(ok: boolean): void {
    if (this.phase.kind !== 'waiting') return;
    this.phase = { kind: 'idle' };
    if (ok) void this.run();
    else this.fail('The model could not be loaded, so the task was not evaluated.');
  }

  /** Takes the host messages meant for the evaluation; false for the others. */
  handle(m: ToPlaygroundView): boolean {
    if (m.type === 'examples' && this.examplesWaiter?.id === m.requestId) {
      this.examplesWaiter.resolve(m);
      return true;
    }
    if (m.type === 'evaluation' && this.scoreWaiter?.id === m.requestId) {
      this.scoreWaiter.resolve(m);
      return true;
    }
    if (m.type === 'resultsWritten') {
      this.written.hidden = false;
      this.written.textContent = m.message;
      this.written.dataset.ok = String(m.ok);
      this.write.disabled = false;
      return true;
    }
    return false;
  }

  stop(): void {
    if (this.phase.kind === 'waiting') {
      this.phase = { kind: 'idle' };
      this.status.textContent = 'Not started.';
      return this.changed();
    }
    this.stopRequested = true;
    this.ctx.runtime()?.stop();
  }

  private changed(): void {
    this.update();
    this.ctx.busyChanged();
  }

  private fail(message: string): void {
    this.error.hidden = false;
    this.error.textContent = message;
    this.root.dataset.state = 'failed';
  }

  private async run(): Promise<void> {
    const task = this.ctx.task();
    const runtime = this.ctx.runtime();
    if (this.phase.kind !== 'idle' && this.phase.kind !== 'waiting') return;
    this.error.hidden = true;
    this.written.hidden = true;
    if ('reason' in task) return this.fail(task.reason);
    if (!runtime || runtime.running) return this.fail('Load a model (and let the current run end) first.');
    const decoding = this.ctx.decoding();
    if ('error' in decoding) return this.fail(`Decoding settings: ${decoding.error}`);
    const count = Math.max(1, Math.min(100, Math.floor(Number(this.count.value) || DEFAULT_EVAL_COUNT)));
    this.count.value = String(count);
    this.stopRequested = false;
    this.report = null;
    this.renderReport();
    this.root.dataset.state = 'running';
    this.phase = { kind: 'reading' };
    this.status.textContent = `Reading the first ${count} eval records of ${task.name}…`;
    this.changed();
    try {
      const records = await this.readRecords(task.name, count);
      if (typeof records === 'string') return this.fail(records);
      const predictions: { line: number; prediction: string }[] = [];
      this.progress.hidden = false;
      this.progress.max = records.length;
      for (const r of records) {
        if (this.stopRequested) break;
        this.phase = { kind: 'running', done: predictions.length, total: records.length };
        this.showProgress(task.name);
        const outcome = await runtime.run(r.input!, decoding.settings, () => undefined);
        if (outcome.stopped) break;
        predictions.push({ line: r.line, prediction: outcome.text });
      }
      this.phase = { kind: 'running', done: predictions.length, total: records.length };
      this.showProgress(task.name);
      if (predictions.length === 0) {
        this.root.dataset.state = 'stopped';
        this.status.textContent = 'Stopped before the first record finished: nothing to score.';
        return;
      }
      const stopped = predictions.length < records.length;
      this.phase = { kind: 'scoring' };
      this.status.textContent = `Scoring ${predictions.length} predictions…`;
      const scored = await this.score(task.name, predictions);
      if (!scored.report) return this.fail(`Scoring failed: ${scored.error ?? 'no report'}`);
      this.report = scored.report;
      this.renderReport();
      this.root.dataset.state = stopped ? 'stopped' : 'done';
      this.status.textContent = `${scored.report.n} record${scored.report.n === 1 ? '' : 's'} of ${scored.report.file}${stopped ? ` (stopped after ${predictions.length} of ${records.length})` : ''}`;
    } catch (e) {
      this.fail(`The evaluation failed: ${(e as Error).message}`);
    } finally {
      this.phase = { kind: 'idle' };
      this.progress.hidden = true;
      this.changed();
    }
  }

  private showProgress(task: string): void {
    if (this.phase.kind !== 'running') return;
    this.progress.value = this.phase.done;
    this.status.textContent = `Running ${task}: ${this.phase.done} of ${this.phase.total}`;
  }

  /** The records as T5 sees them; a record that cannot be formatted stops the evaluation, naming its line. */
  private async readRecords(task: string, count: number): Promise<ExampleRecord[] | string> {
    const id = this.nextRequestId++;
    const answer = new Promise<Extract<ToPlaygroundView, { type: 'examples' }>>((resolve) => (this.examplesWaiter = { id, resolve }));
    this.ctx.post({ type: 'requestExamples', requestId: id, task, split: 'eval', count });
    const m = await answer;
    this.examplesWaiter = undefined;
    if (m.error && m.examples.length === 0) return m.error;
    const bad = m.examples.find((r) => typeof r.input !== 'string');
    if (bad) return `${m.file ?? task}:${bad.line}: ${bad.error ?? 'the record has no input'}`;
    if (m.examples.length === 0) return `No records in ${m.file ?? 'the eval file'}.`;
    this.inputs = new Map(m.examples.map((r) => [r.line, r.input!]));
    return m.examples;
  }

  private async score(task: string, predictions: { line: number; prediction: string }[]): Promise<Extract<ToPlaygroundView, { type: 'evaluation' }>> {
    const id = this.nextRequestId++;
    const answer = new Promise<Extract<ToPlaygroundView, { type: 'evaluation' }>>((resolve) => (this.scoreWaiter = { id, resolve }));
    this.ctx.post({ type: 'evaluate', requestId: id, task, predictions });
    const m = await answer;
    this.scoreWaiter = undefined;
    return m;
  }

  private renderReport(): void {
    const r = this.report;
    this.writeBox.hidden = !r;
    if (!r) {
      this.metrics.replaceChildren();
      this.notes.replaceChildren();
      this.table.replaceChildren();
      return;
    }
    this.metrics.replaceChildren(
      ...r.metricNames.flatMap((name) => {
        const value = r.metrics[name] ?? null;
        return [el('dt', {}, name), el('dd', { 'data-metric': name, 'data-value': value === null ? 'null' : String(value) }, formatMetric(name, value))];
      }),
    );
    this.notes.replaceChildren(...r.notes.map((n) => el('div', {}, n)), ...(r.signatures.bleu ? [el('div', { class: 'pg-muted' }, `BLEU: ${r.signatures.bleu}`)] : []));
    const head = el('tr', {}, el('th', {}, 'line'), el('th', {}, 'input'), el('th', {}, 'target'), el('th', {}, 'prediction'), ...r.metricNames.map((m) => el('th', {}, m)));
    const rows = r.examples.map((e) =>
      el('tr', { 'data-line': String(e.line) },
        el('td', {}, String(e.line)),
        el('td', {}, this.inputs.get(e.line) ?? ''),
        el('td', {}, e.references.join(' | ')),
        el('td', { class: 'pg-eval-prediction' }, e.prediction),
        ...r.metricNames.map((m) => {
          const v = e.scores[m];
          return el('td', { 'data-metric': m }, v === null || v === undefined ? '—' : formatMetric(m, v));
        })),
    );
    this.table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
    const writable = r.metricNames.filter((m) => r.metrics[m] !== null && r.metrics[m] !== undefined);
    this.metric.replaceChildren(...writable.map((m) => el('option', { value: m }, m)));
    this.metric.value = r.results.metric && writable.includes(r.results.metric) ? r.results.metric : (writable[0] ?? '');
    this.write.disabled = writable.length === 0;
    this.updatePercentDefault();
  }

  private updatePercentDefault(): void {
    const r = this.report;
    this.percent.checked = !!r && r.results.percent && this.metric.value !== 'bleu';
    this.percent.disabled = this.metric.value === 'bleu';
  }

  private writeResults(): void {
    const r = this.report;
    const metric = this.metric.value;
    const value = r?.metrics[metric];
    if (!r || typeof value !== 'number') return;
    this.write.disabled = true;
    this.written.hidden = true;
    this.ctx.post({
      type: 'writeResults',
      requestId: this.nextRequestId++,
      task: r.task,
      block: this.block.value as ResultsBlock,
      metric,
      value: valueToWrite(metric, value, this.percent.checked),
    });
  }
}
