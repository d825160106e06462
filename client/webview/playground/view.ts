// The playground's DOM: built once, then updated in place by main.ts. Every element the code touches is returned
// by name, so nothing looks elements up by string later.
import { DEFAULT_DECODING_FORM, FIELD_LABELS, MODE_FIELDS, type DecodingForm, type DecodingMode } from './decoding';

type Attrs = Record<string, string | boolean>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children);
  return node;
}

export interface PlaygroundDom {
  root: HTMLElement;
  modelLabel: HTMLElement;
  modelStatus: HTMLElement;
  download: HTMLButtonElement;
  modelSettings: HTMLButtonElement;
  device: HTMLElement;
  modelNotes: HTMLElement;
  modelError: HTMLElement;
  mixture: HTMLElement;
  task: HTMLSelectElement;
  split: HTMLSelectElement;
  insertExample: HTMLButtonElement;
  prompt: HTMLTextAreaElement;
  run: HTMLButtonElement;
  stop: HTMLButtonElement;
  decoding: HTMLFormElement;
  decodingFields: Record<keyof typeof FIELD_LABELS, HTMLInputElement>;
  decodingRows: Record<keyof typeof FIELD_LABELS, HTMLElement>;
  mode: HTMLSelectElement;
  earlyStopping: HTMLInputElement;
  earlyStoppingRow: HTMLElement;
  decodingError: HTMLElement;
  output: HTMLElement;
  expectedBox: HTMLElement;
  expected: HTMLElement;
  stats: HTMLElement;
  runError: HTMLElement;
  notice: HTMLElement;
  history: HTMLOListElement;
  clearHistory: HTMLButtonElement;
}

export function buildDom(): PlaygroundDom {
  const modelLabel = el('span', { id: 'model-label', class: 'pg-model-label' });
  const modelStatus = el('span', { id: 'model-status' });
  const download = el('button', { id: 'download', type: 'button', hidden: true }, 'Download');
  const modelSettings = el('button', { id: 'model-settings', type: 'button', class: 'pg-link' }, 'Change model…');
  const device = el('div', { id: 'device', class: 'pg-device' });
  const modelNotes = el('div', { id: 'model-notes', class: 'pg-notes' });
  const modelError = el('div', { id: 'model-error', class: 'pg-error', role: 'alert', hidden: true });
  const mixture = el('div', { id: 'mixture', class: 'pg-mixture' });
  const task = el('select', { id: 'task', 'aria-label': 'Task' });
  const split = el('select', { id: 'split', 'aria-label': 'Records from' }, el('option', { value: 'train' }, 'data'), el('option', { value: 'eval' }, 'eval'));
  const insertExample = el('button', { id: 'insert-example', type: 'button' }, 'Insert example');
  const prompt = el('textarea', { id: 'prompt', rows: '5', placeholder: 'prefix: input text (Ctrl+Enter runs)', 'aria-label': 'Prompt' });
  const run = el('button', { id: 'run', type: 'button', title: 'Ctrl+Enter' }, 'Run');
  const stop = el('button', { id: 'stop', type: 'button', disabled: true }, 'Stop');

  const mode = el(
    'select',
    { id: 'mode', 'aria-label': 'Decoding' },
    el('option', { value: 'greedy' }, 'Greedy'),
    el('option', { value: 'beam' }, 'Beam search'),
    el('option', { value: 'sample' }, 'Sampling'),
  );
  const decodingFields = {} as PlaygroundDom['decodingFields'];
  const decodingRows = {} as PlaygroundDom['decodingRows'];
  const rows: HTMLElement[] = [el('label', { class: 'pg-field' }, el('span', {}, 'Decoding'), mode)];
  for (const [key, label] of Object.entries(FIELD_LABELS) as [keyof typeof FIELD_LABELS, string][]) {
    const input = el('input', { id: `decoding-${key}`, type: 'text', inputmode: 'decimal', value: DEFAULT_DECODING_FORM[key] });
    decodingFields[key] = input;
    decodingRows[key] = el('label', { class: 'pg-field' }, el('span', {}, label), input);
    rows.push(decodingRows[key]);
  }
  const earlyStopping = el('input', { id: 'decoding-earlyStopping', type: 'checkbox' });
  const earlyStoppingRow = el('label', { class: 'pg-field pg-check' }, earlyStopping, el('span', {}, 'Early stopping'));
  rows.splice(rows.indexOf(decodingRows.lengthPenalty) + 1, 0, earlyStoppingRow);
  const decodingError = el('div', { id: 'decoding-error', class: 'pg-error', role: 'alert', hidden: true });
  const decoding = el('form', { id: 'decoding', class: 'pg-decoding' }, ...rows, decodingError);

  const output = el('pre', { id: 'output', class: 'pg-output', 'aria-live': 'polite' });
  const expected = el('pre', { id: 'expected', class: 'pg-output' });
  const expectedBox = el('div', { id: 'expected-box', class: 'pg-column', hidden: true }, el('h3', {}, 'Expected'), expected);
  const stats = el('dl', { id: 'stats', class: 'pg-stats' });
  const runError = el('div', { id: 'run-error', class: 'pg-error', role: 'alert', hidden: true });
  const notice = el('div', { id: 'notice', class: 'pg-notice', hidden: true });
  const history = el('ol', { id: 'history', class: 'pg-history' });
  const clearHistory = el('button', { id: 'clear-history', type: 'button', class: 'pg-link' }, 'Clear');

  const root = el(
    'main',
    { class: 'pg' },
    el('section', { class: 'pg-model' }, el('div', {}, el('span', { class: 'pg-muted' }, 'Model '), modelLabel, ' ', modelStatus, ' ', download, ' ', modelSettings), device, modelNotes, modelError),
    el('section', { class: 'pg-task' }, mixture, el('div', { class: 'pg-row' }, task, split, insertExample)),
    prompt,
    el('div', { class: 'pg-row' }, run, stop),
    el('details', { class: 'pg-settings' }, el('summary', {}, 'Decoding settings'), decoding),
    runError,
    notice,
    el('section', { class: 'pg-result' }, el('div', { class: 'pg-column' }, el('h3', {}, 'Output'), output), expectedBox),
    stats,
    el('section', { class: 'pg-history-box' }, el('h3', {}, 'History ', clearHistory), history),
  );
  return {
    root, modelLabel, modelStatus, download, modelSettings, device, modelNotes, modelError, mixture, task, split, insertExample, prompt, run, stop,
    decoding, decodingFields, decodingRows, mode, earlyStopping, earlyStoppingRow, decodingError, output, expectedBox, expected, stats, runError, notice,
    history, clearHistory,
  };
}

export function readDecodingForm(dom: PlaygroundDom): DecodingForm {
  const form = { ...DEFAULT_DECODING_FORM, mode: dom.mode.value as DecodingMode, earlyStopping: dom.earlyStopping.checked };
  for (const key of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) form[key] = dom.decodingFields[key].value;
  return form;
}

export function writeDecodingForm(dom: PlaygroundDom, form: DecodingForm): void {
  dom.mode.value = form.mode;
  dom.earlyStopping.checked = form.earlyStopping;
  for (const key of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) dom.decodingFields[key].value = form[key];
  showModeFields(dom, form.mode);
}

export function showModeFields(dom: PlaygroundDom, mode: DecodingMode): void {
  const used = new Set(MODE_FIELDS[mode]);
  for (const key of Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]) dom.decodingRows[key].hidden = !used.has(key);
  dom.earlyStoppingRow.hidden = mode !== 'beam';
}

export function setStats(dom: PlaygroundDom, pairs: [string, string][]): void {
  dom.stats.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-stat': k }, v)]));
}
