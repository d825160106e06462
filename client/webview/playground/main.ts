// The T5 Playground page: task picker, prompt, Run/Stop, decoding settings, streamed output beside the expected
// target, per-run figures and a restorable history. The model runs in a worker (runtime.ts); the host sends the
// mixture's tasks and records and says where the model files are.
import {
  parseToPlaygroundView,
  type ExampleSplit,
  type FromPlaygroundView,
  type ModelStatus,
  type PlaygroundState,
  type ToPlaygroundView,
} from '../../../contracts/playgroundMessages';
import { decodingSettings, describeDecoding, restoreDecodingForm } from './decoding';
import { EvaluationPanel } from './evaluate';
import { addToHistory, restoreHistory, type HistoryEntry } from './history';
import { ModelLoadError, ModelRuntime, type LoadReport, type ReadyModel } from './runtime';
import { deviceLabel, formatBytes, runStats, statsLine } from './stats';
import { modelPrefixes, switchPrefix, taskChoices, type TaskChoice } from './taskChoices';
import { buildDom, el, readDecodingForm, setStats, showModeFields, writeDecodingForm } from './view';
import { vscodeChannel } from '../common/vscodeApi';

const api = vscodeChannel<FromPlaygroundView>();
const post = api.post;

interface Persisted {
  prompt: string;
  taskKey: string | null;
  split: ExampleSplit;
  decoding: unknown;
  history: HistoryEntry[];
  /** Next record to insert, per task and split. */
  cursors: Record<string, number>;
}

function loadPersisted(): Persisted {
  const s = (api.getState() ?? {}) as Partial<Record<keyof Persisted, unknown>>;
  return {
    prompt: typeof s.prompt === 'string' ? s.prompt : '',
    taskKey: typeof s.taskKey === 'string' ? s.taskKey : null,
    split: s.split === 'eval' ? 'eval' : 'train',
    decoding: s.decoding,
    history: restoreHistory(s.history),
    cursors: typeof s.cursors === 'object' && s.cursors !== null ? (s.cursors as Record<string, number>) : {},
  };
}

const dom = buildDom();
const app = document.getElementById('app')!;
app.replaceChildren(dom.root);
app.removeAttribute('aria-live');

const saved = loadPersisted();
let history = saved.history;
let cursors = saved.cursors;
let state: PlaygroundState | undefined;
let runtime: ModelRuntime | undefined;
let loadedKey: string | undefined;
/** The model whose "loaded in" line (and output) the panel shows; cleared when the setting names another. */
let shownKey: string | undefined;
let loadReport: LoadReport | undefined;
let loading = false;
/** Why the ready model could not be loaded (the runtime's message, naming the file). */
let loadError: string | null = null;
let choices: TaskChoice[] = [];
let currentTaskKey: string | null = saved.taskKey;
/** The record last inserted: its target is shown beside the output while the prompt is unchanged. */
let inserted: { input: string; target: string } | null = null;
let examplesRequest = 0;

const evaluation = new EvaluationPanel({
  post,
  runtime: () => (runtime && loadReport && !loading ? runtime : null),
  task: () => {
    const c = choices.find((x) => x.key === currentTaskKey);
    if (!c || c.group !== 'mixture') return { reason: 'Pick a task of the mixture first' };
    return c.hasEval ? { name: c.name } : { reason: `Task ${c.name} has no \`eval\` file` };
  },
  decoding: () => {
    const d = decodingSettings(readDecodingForm(dom));
    return 'error' in d ? { error: d.error } : { settings: d.settings };
  },
  busyChanged: () => updateButtons(),
});
dom.root.insertBefore(evaluation.root, dom.history.parentElement);

dom.prompt.value = saved.prompt;
dom.split.value = saved.split;
writeDecodingForm(dom, restoreDecodingForm(saved.decoding));

function persist(): void {
  const p: Persisted = { prompt: dom.prompt.value, taskKey: currentTaskKey, split: dom.split.value === 'eval' ? 'eval' : 'train', decoding: readDecodingForm(dom), history, cursors };
  api.setState(p);
}

function show(node: HTMLElement, text: string | null): void {
  node.textContent = text ?? '';
  node.hidden = !text;
}

function log(level: 'info' | 'error', message: string): void {
  post({ type: 'log', level, message });
}

// ---- model ----

const modelKey = (m: ReadyModel, device: string) => JSON.stringify([m.baseUri, m.files, m.precision, device]);

function renderModel(model: ModelStatus): void {
  dom.modelLabel.textContent = model.label;
  dom.download.hidden = true;
  show(dom.modelError, model.kind === 'ready' ? loadError : null);
  switch (model.kind) {
    case 'resolving':
      dom.modelStatus.textContent = '(checking…)';
      break;
    case 'ready':
      dom.modelStatus.textContent = loading ? '(loading…)' : loadReport && loadedKey === modelKey(model, state?.device ?? 'auto') ? '(loaded)' : '';
      break;
    case 'notDownloaded':
      dom.modelStatus.textContent = `(not downloaded yet${model.bytes === null ? '' : `: ${formatBytes(model.bytes)}`})`;
      dom.download.hidden = false;
      dom.download.textContent = model.bytes === null ? 'Download' : `Download ${formatBytes(model.bytes)}`;
      break;
    case 'downloading':
      dom.modelStatus.textContent = model.total ? `(downloading ${formatBytes(model.received)} of ${formatBytes(model.total)})` : '(downloading…)';
      break;
    case 'offline':
    case 'error':
      dom.modelStatus.textContent = '';
      show(dom.modelError, model.message);
      if (model.kind === 'offline' || model.message.startsWith('Download')) {
        dom.download.hidden = false;
        dom.download.textContent = 'Try again';
      }
      break;
  }
  updateButtons();
}

/** What the panel says while a model other than the one shown is on its way (null: its error says it). */
function nextModelLine(model: ModelStatus): string | null {
  switch (model.kind) {
    case 'ready':
      return `Loading ${model.label}…`;
    case 'resolving':
      return `${model.label} will load once it is found.`;
    case 'notDownloaded':
    case 'downloading':
      return `${model.label} will load once it is downloaded.`;
    case 'offline':
    case 'error':
      return null;
  }
}

/** The model setting changed: the old model's "loaded in" line, output and figures no longer describe the panel. */
function forgetShownModel(model: ModelStatus): void {
  shownKey = undefined;
  dom.device.textContent = nextModelLine(model) ?? '';
  show(dom.modelNotes, null);
  dom.output.textContent = '';
  dom.output.dataset.state = 'cleared';
  setStats(dom, []);
  show(dom.runError, null);
}

function onModel(model: ModelStatus): void {
  if (state) state = { ...state, model };
  if (shownKey !== undefined && !(model.kind === 'ready' && modelKey(model, state?.device ?? 'auto') === shownKey)) forgetShownModel(model);
  renderModel(model);
  if (model.kind === 'ready') void ensureLoaded(model);
  else if (runtime && model.kind !== 'downloading') {
    runtime.dispose();
    runtime = undefined;
    loadedKey = undefined;
    loadReport = undefined;
  }
}

async function ensureLoaded(model: ReadyModel): Promise<void> {
  if (!state) return;
  const key = modelKey(model, state.device);
  if (key === loadedKey) return;
  loadedKey = key;
  loadReport = undefined;
  loadError = null;
  runtime?.dispose();
  runtime = new ModelRuntime(state.assets);
  loading = true;
  renderModel(model);
  show(dom.modelNotes, model.notes.join(' ') || null);
  dom.device.textContent = 'Loading the model…';
  const mine = runtime;
  try {
    const report = await mine.load(model, state.device);
    if (mine !== runtime) return;
    loadReport = report;
    shownKey = key;
    dom.device.textContent = `${deviceLabel(report.backend, report.threads)} · loaded in ${Math.round(report.loadMs)} ms (${formatBytes(report.bytes)}, ${report.layout} decoder)`;
    const notes = [...model.notes];
    if (report.fallback) notes.push(`WebGPU not used: ${report.fallback}; running on WASM.`);
    show(dom.modelNotes, notes.join(' ') || null);
    renderTasks(modelPrefixes(report.configText));
    evaluation.modelSettled(true);
  } catch (e) {
    if (mine !== runtime) return;
    runtime = undefined;
    const message = e instanceof ModelLoadError || e instanceof Error ? e.message : String(e);
    dom.device.textContent = '';
    loadError = `The model cannot be loaded. ${message}`;
    log('error', `model load failed: ${message}`);
    evaluation.modelSettled(false);
  } finally {
    if (mine === runtime || !runtime) loading = false;
    if (state) renderModel(state.model);
  }
}

// ---- tasks and examples ----

let modelTasks: { name: string; prefix: string }[] = [];

function renderTasks(fromModel?: { name: string; prefix: string }[]): void {
  if (fromModel) modelTasks = fromModel;
  choices = taskChoices(state?.tasks ?? [], modelTasks);
  const groups: HTMLElement[] = [el('option', { value: '' }, '(no task prefix)')];
  const mixtureChoices = choices.filter((c) => c.group === 'mixture');
  const modelChoices = choices.filter((c) => c.group === 'model');
  const option = (c: TaskChoice) => el('option', { value: c.key }, c.prefix ? `${c.name} — ${c.prefix.trim()}` : c.name);
  if (mixtureChoices.length) groups.push(el('optgroup', { label: state?.mixture?.name ?? 'Mixture' }, ...mixtureChoices.map(option)));
  if (modelChoices.length) groups.push(el('optgroup', { label: "Model's own prefixes" }, ...modelChoices.map(option)));
  dom.task.replaceChildren(...groups);
  dom.task.value = choices.some((c) => c.key === currentTaskKey) ? currentTaskKey! : '';
  const m = state?.mixture;
  dom.mixture.textContent = m ? `Tasks of ${m.name ?? m.fileName}` : 'Open a *.mixture.yaml file to pick its tasks; the model’s own prefixes are listed too.';
  if (state?.tasksError) dom.mixture.textContent = state.tasksError;
  updateButtons();
}

function chooseTask(key: string | null): void {
  const old = choices.find((c) => c.key === currentTaskKey);
  const next = choices.find((c) => c.key === key);
  currentTaskKey = next ? next.key : null;
  dom.task.value = currentTaskKey ?? '';
  if (next) dom.prompt.value = switchPrefix(dom.prompt.value, old?.prefix, next.prefix);
  post({ type: 'selectTask', name: next?.group === 'mixture' ? next.name : null });
  updateButtons();
  updateExpected();
  persist();
}

function requestExample(): void {
  const c = choices.find((x) => x.key === currentTaskKey);
  if (!c || c.group !== 'mixture') return;
  const split: ExampleSplit = dom.split.value === 'eval' ? 'eval' : 'train';
  post({ type: 'requestExamples', requestId: ++examplesRequest, task: c.name, split, count: 20 });
}

function onExamples(m: Extract<ToPlaygroundView, { type: 'examples' }>): void {
  if (m.requestId !== examplesRequest) return;
  const usable = m.examples.filter((r) => typeof r.input === 'string');
  if (usable.length === 0) {
    const firstError = m.examples.find((r) => r.error);
    show(dom.notice, m.error ?? (firstError ? `line ${firstError.line}: ${firstError.error}` : `No records in ${m.file ?? 'the file'}.`));
    return;
  }
  const key = `${m.task}\0${m.split}`;
  const i = (cursors[key] ?? 0) % usable.length;
  cursors = { ...cursors, [key]: i + 1 };
  const r = usable[i]!;
  const target = Array.isArray(r.target) ? r.target.join(' | ') : r.target ?? '';
  inserted = { input: r.input!, target };
  dom.prompt.value = r.input!;
  show(dom.notice, `Record ${r.line} of ${m.file ?? m.task}.`);
  updateExpected();
  persist();
}

function updateExpected(): void {
  const visible = inserted !== null && dom.prompt.value === inserted.input;
  dom.expectedBox.hidden = !visible;
  dom.expected.textContent = visible ? inserted!.target : '';
}

// ---- runs ----

function updateButtons(): void {
  const running = runtime?.running ?? false;
  dom.run.disabled = running || !loadReport || loading || evaluation.busy;
  dom.stop.disabled = !running || evaluation.busy;
  evaluation.update();
  const c = choices.find((x) => x.key === currentTaskKey);
  dom.insertExample.disabled = !c || c.group !== 'mixture' || !(dom.split.value === 'eval' ? c.hasEval : c.hasData);
  dom.insertExample.title = !c || c.group !== 'mixture' ? 'Pick a task of the mixture first' : '';
}

async function runPrompt(): Promise<void> {
  if (!runtime || !loadReport || runtime.running || evaluation.busy) return;
  const prompt = dom.prompt.value;
  if (!prompt.trim()) return show(dom.runError, 'Type a prompt first.');
  const form = readDecodingForm(dom);
  const decoding = decodingSettings(form);
  if ('error' in decoding) return show(dom.decodingError, decoding.error);
  show(dom.decodingError, null);
  show(dom.runError, null);
  dom.output.textContent = '';
  let tokenEvents = 0;
  dom.output.dataset.tokenEvents = '0';
  dom.output.dataset.previews = '0';
  dom.output.dataset.state = 'running';
  setStats(dom, []);
  const report = loadReport;
  const expected = inserted && prompt === inserted.input ? inserted.target : null;
  let previews = 0;
  const promise = runtime.run(prompt, decoding.settings, (text) => {
    // Beam search: the final tokens replace the last preview.
    if (dom.output.dataset.state === 'searching') {
      dom.output.textContent = '';
      dom.output.dataset.state = 'running';
    }
    dom.output.textContent += text;
    dom.output.dataset.tokenEvents = String(++tokenEvents);
  }, (text) => {
    dom.output.textContent = text;
    dom.output.dataset.state = 'searching';
    dom.output.dataset.previews = String(++previews);
  });
  updateButtons();
  try {
    const outcome = await promise;
    dom.output.textContent = outcome.text;
    dom.output.dataset.state = outcome.stopped ? 'stopped' : 'done';
    const pairs = runStats(deviceLabel(report.backend, report.threads), report.loadMs, outcome.timings, outcome.tokens);
    if (outcome.stopped) pairs.push(['Stopped', 'yes']);
    setStats(dom, pairs);
    history = addToHistory(history, { prompt, output: outcome.text, expected, taskKey: currentTaskKey, decoding: form, stats: `${describeDecoding(form)} · ${statsLine(pairs.slice(2))}`, stopped: outcome.stopped });
    renderHistory();
    persist();
  } catch (e) {
    dom.output.dataset.state = 'failed';
    show(dom.runError, `The run failed: ${(e as Error).message}`);
  } finally {
    updateButtons();
  }
}

function renderHistory(): void {
  dom.history.replaceChildren(
    ...history.map((h, i) => {
      const restore = el('button', { type: 'button', class: 'pg-history-item', 'data-index': String(i), title: 'Restore this prompt, its settings and output' },
        el('span', { class: 'pg-history-prompt' }, h.prompt),
        el('span', { class: 'pg-history-output' }, `→ ${h.output || '(empty)'}${h.stopped ? ' (stopped)' : ''}`),
        el('span', { class: 'pg-muted' }, h.stats));
      return el('li', {}, restore);
    }),
  );
}

function restoreEntry(h: HistoryEntry): void {
  if (h.taskKey && choices.some((c) => c.key === h.taskKey)) {
    currentTaskKey = h.taskKey;
    dom.task.value = h.taskKey;
  }
  dom.prompt.value = h.prompt;
  writeDecodingForm(dom, h.decoding);
  dom.output.textContent = h.output;
  dom.output.dataset.state = 'restored';
  inserted = h.expected === null ? null : { input: h.prompt, target: h.expected };
  updateExpected();
  updateButtons();
  persist();
}

// ---- wiring ----

dom.run.addEventListener('click', () => void runPrompt());
dom.stop.addEventListener('click', () => runtime?.stop());
dom.prompt.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void runPrompt();
  }
});
dom.prompt.addEventListener('input', () => {
  updateExpected();
  persist();
});
dom.task.addEventListener('change', () => chooseTask(dom.task.value || null));
dom.split.addEventListener('change', () => {
  updateButtons();
  persist();
});
dom.insertExample.addEventListener('click', requestExample);
dom.download.addEventListener('click', () => post({ type: 'downloadModel' }));
dom.modelSettings.addEventListener('click', () => post({ type: 'openSettings', setting: 'taskmix.playground.model' }));
dom.mode.addEventListener('change', () => {
  showModeFields(dom, dom.mode.value as 'greedy' | 'beam' | 'sample');
  persist();
});
dom.decoding.addEventListener('input', () => {
  const d = decodingSettings(readDecodingForm(dom));
  show(dom.decodingError, 'error' in d ? d.error : null);
  persist();
});
dom.decoding.addEventListener('submit', (e) => e.preventDefault());
dom.history.addEventListener('click', (e) => {
  const item = (e.target as HTMLElement).closest('.pg-history-item') as HTMLElement | null;
  const entry = item ? history[Number(item.dataset.index)] : undefined;
  if (entry) restoreEntry(entry);
});
dom.clearHistory.addEventListener('click', () => {
  history = [];
  renderHistory();
  persist();
});

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseToPlaygroundView(event.data);
  if (!m || evaluation.handle(m)) return;
  switch (m.type) {
    case 'state': {
      const deviceChanged = state !== undefined && state.device !== m.state.device;
      state = m.state;
      renderTasks();
      if (m.state.selectedTask) {
        const key = `mixture:${m.state.selectedTask}`;
        if (key !== currentTaskKey && choices.some((c) => c.key === key)) chooseTask(key);
      }
      if (deviceChanged) loadedKey = undefined;
      onModel(m.state.model);
      return;
    }
    case 'model':
      onModel(m.model);
      return;
    case 'examples':
      onExamples(m);
      return;
    case 'selectTask': {
      const key = `mixture:${m.name}`;
      if (choices.some((c) => c.key === key)) chooseTask(key);
      else show(dom.notice, `The mixture has no task "${m.name}".`);
      dom.prompt.focus();
      return;
    }
    case 'notice':
      show(dom.notice, m.message);
      return;
    case 'startEvaluation': {
      const key = `mixture:${m.task}`;
      if (!choices.some((c) => c.key === key)) return show(dom.notice, `The mixture has no task "${m.task}".`);
      if (key !== currentTaskKey) chooseTask(key);
      evaluation.requestStart();
      return;
    }
    case 'evaluation':
    case 'resultsWritten':
      return; // answers to an evaluation that is no longer waiting
  }
});

window.addEventListener('error', (e) => log('error', `${e.message} (${e.filename}:${e.lineno})`));
renderHistory();
renderTasks();
updateButtons();
post({ type: 'ready' });
