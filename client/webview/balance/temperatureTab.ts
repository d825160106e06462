// Tab 2: a log temperature slider (T from 1 to 100) and the cap K. Every move asks the host for the rates under
// that what-if (the server computes them), as WhatIfAsker decides: one request in flight, the latest move sent as
// soon as it returns, and only for a (T, K, analysis version) not answered yet.
import type { WhatIfRates } from '../../../contracts/whatIf';
import type { BalanceState, ExportFormat } from '../../../contracts/balanceMessages';
import { BarsView, drawBars, type BarsData } from './barsView';
import { ratesCsv } from './csv';
import { formatCount, formatEpochs, formatNumber, formatPercent } from './format';
import { barsSvg } from './svgExport';
import type { BalanceTabView, TabExport } from './tab';
import { h, readTheme, sizeCanvas } from './theme';
import type { Tooltip } from './tooltip';
import { interpolateViridis } from 'd3-scale-chromatic';
import { positionOf, temperatureAt } from './temperatureScale';
import { WhatIfAsker } from './whatIfAsker';


export interface WhatIfPort {
  /** Sends a what-if request and returns its id. */
  request(temperature: number, cap: number | null): number;
  apply(temperature: number, cap: number | null): void;
  revealTask(name: string): void;
}

export class TemperatureTab implements BalanceTabView {
  readonly element: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly tValue: HTMLOutputElement;
  private readonly capInput: HTMLInputElement;
  private readonly figures: HTMLDListElement;
  private readonly bars: BarsView;
  private readonly table: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly asker: WhatIfAsker;
  private analysisVersion = 0;
  private result: WhatIfRates | null = null;
  private fileRates = new Map<string, number>();
  private tableMode = false;
  private mixture = 'mixture';

  constructor(tooltip: Tooltip, port: WhatIfPort) {
    this.slider = h('input', { type: 'range', min: '0', max: '2', step: '0.005', value: String(positionOf(2)), id: 'temperature-slider', 'aria-label': 'Temperature T (log scale, 1 to 100)' });
    this.tValue = h('output', { for: 'temperature-slider', class: 'slider-value' });
    this.capInput = h('input', { type: 'number', min: '0', step: '1', placeholder: 'no cap', id: 'cap-input', 'aria-label': 'Cap K (examples; empty for none)' });
    const apply = h('button', { type: 'button', id: 'apply-temperature' }, 'Apply to file');
    this.status = h('div', { class: 'status', role: 'status' });
    this.figures = h('dl', { class: 'figures', id: 'balance-figures' });
    this.asker = new WhatIfAsker(
      () => ({ temperature: this.temperature(), cap: this.cap(), analysisVersion: this.analysisVersion }),
      (temperature, cap) => {
        performance.mark('balance:whatif-sent');
        return port.request(temperature, cap);
      },
    );
    this.bars = new BarsView(tooltip, (i) => this.result && port.revealTask(this.result.tasks[i]!.name));
    this.table = h('div', { class: 'heatmap-table', hidden: '' });
    this.slider.addEventListener('input', () => this.changed());
    this.capInput.addEventListener('input', () => this.changed());
    apply.addEventListener('click', () => port.apply(this.temperature(), this.cap()));
    const controls = h('div', { class: 'controls' }, h('label', { for: 'temperature-slider' }, 'T '), this.slider, this.tValue, h('label', { for: 'cap-input' }, ' K '), this.capInput, apply, this.status);
    this.element = h('section', { class: 'tab-panel', id: 'panel-temperature', role: 'tabpanel', 'aria-labelledby': 'tab-temperature' }, controls, h('div', { class: 'split' }, h('div', { class: 'split-main' }, this.bars.element, this.table), this.figures));
    this.showValue();
  }

  temperature(): number {
    return temperatureAt(Number(this.slider.value));
  }

  cap(): number | null {
    const v = Number(this.capInput.value);
    return this.capInput.value.trim() === '' || !(v > 0) ? null : v;
  }

  /** A new file state: start from the file's own temperature and cap (for another file), and ask for the rates if
   *  they may have changed. */
  update(state: BalanceState, fromUser: boolean): void {
    this.analysisVersion = state.analysisVersion;
    this.mixture = state.comparison?.mixture ?? 'mixture';
    const fileColumn = state.comparison?.columns.find((c) => c.isFileStrategy);
    this.fileRates = new Map((fileColumn?.result.tasks ?? []).map((t) => [t.name, t.rate]));
    if (!fromUser) {
      this.slider.value = String(positionOf(state.sampling.temperature ?? 2));
      this.capInput.value = state.sampling.cap ? String(state.sampling.cap) : '';
      this.showValue();
    }
    if (state.comparison) this.changed();
  }

  private showValue(): void {
    this.tValue.value = `T = ${this.temperature()}`;
  }

  private changed(): void {
    this.showValue();
    this.asker.changed();
  }

  /** The host's answer to a what-if request. */
  onRates(requestId: number, result: WhatIfRates | null, error: string | undefined): void {
    if (this.asker.answered(requestId) !== 'show') return;
    if (result) {
      this.result = result;
      this.render();
    }
    // After the bars: a text write before them would make their drawing lay the page out again.
    const status = error ?? '';
    if (this.status.textContent !== status) this.status.textContent = status;
    if (!result) return;
    // The view's own work on the answer (main.ts marks its arrival, before unpacking it).
    performance.measure('balance:whatif-drawn', 'balance:whatif-received');
    // "Request to painted frame": the frame after this one has the new bars on screen.
    requestAnimationFrame(() => {
      performance.measure('balance:whatif', 'balance:whatif-sent');
      performance.measure('balance:whatif-view', 'balance:whatif-received');
    });
  }

  /** The bars first (they read the layout), then the figures (DOM writes). */
  private render(): void {
    const r = this.result;
    if (!r) return;
    this.bars.setData(this.barsData(r));
    if (this.tableMode) this.renderTable();
    const b = r.balance;
    const rows: [string, string][] = [
      ['T', String(this.temperature())],
      ['K', this.cap() === null ? 'none' : formatCount(this.cap())],
      ['normalized entropy', formatNumber(b.normalized_entropy)],
      ['effective tasks', formatNumber(b.effective_tasks)],
      ['max/min', b.max_min_ratio === null ? '∞' : formatNumber(b.max_min_ratio)],
      ['Gini', formatNumber(b.gini)],
      ['KL from uniform', formatNumber(b.kl_uniform)],
      ['KL from proportional', formatNumber(b.kl_proportional)],
    ];
    // The same eight rows on every step: their text changes, the elements stay.
    if (this.figures.childElementCount !== rows.length * 2) {
      this.figures.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-figure': k }, v)]));
      return;
    }
    rows.forEach(([, v], i) => {
      const dd = this.figures.children[i * 2 + 1]!;
      if (dd.textContent !== v) dd.textContent = v;
    });
  }

  private barsData(r: WhatIfRates): BarsData {
    return {
      labels: r.tasks.map((t) => t.name),
      values: r.tasks.map((t) => t.rate),
      reference: r.tasks.map((t) => this.fileRates.get(t.name) ?? NaN),
      color: interpolateViridis(0.45),
      describe: (i) => {
        const t = r.tasks[i]!;
        const file = this.fileRates.get(t.name);
        return [t.name, `rate ${formatPercent(t.rate)} (${t.rate})`, `raw ${formatNumber(t.raw)}`, `examples ${formatCount(t.examples)}`, `epochs ${formatEpochs(t.epochs)}`, ...(file === undefined ? [] : [`file strategy ${formatPercent(file)}`])];
      },
    };
  }

  private renderTable(): void {
    const r = this.result;
    if (!r) return;
    const table = h('table', { class: 'data-table', 'aria-label': 'Rates at this temperature' }, h('thead', {}, h('tr', {}, ...['task', 'examples', 'raw', 'rate', 'epochs', 'file strategy'].map((t) => h('th', { scope: 'col' }, t)))));
    const body = h('tbody');
    for (const t of r.tasks) body.append(h('tr', {}, h('th', { scope: 'row' }, t.name), h('td', {}, formatCount(t.examples)), h('td', {}, formatNumber(t.raw)), h('td', {}, formatPercent(t.rate)), h('td', {}, formatEpochs(t.epochs)), h('td', {}, formatPercent(this.fileRates.get(t.name) ?? null))));
    table.append(body);
    this.table.replaceChildren(table);
  }

  setTableMode(on: boolean): void {
    this.tableMode = on;
    this.bars.element.hidden = on;
    this.table.hidden = !on;
    if (on) this.renderTable();
    else this.bars.draw();
  }

  shown(): void {
    this.bars.draw();
  }

  exportAs(format: ExportFormat): TabExport {
    const base = `${this.mixture}-T${this.temperature()}`;
    const r = this.result;
    if (!r) return { fileName: base, data: null };
    if (format === 'csv') return { fileName: `${base}.csv`, data: ratesCsv(r, this.temperature(), this.cap()) };
    const theme = readTheme();
    const d = this.barsData(r);
    if (format === 'svg') return { fileName: `${base}.svg`, data: barsSvg(d.labels, d.values, (v) => formatPercent(v), theme, d.color) };
    const rowH = Math.max(2, Math.min(16, Math.floor(12000 / Math.max(1, d.labels.length))));
    const canvas = document.createElement('canvas');
    const height = d.labels.length * rowH + 8;
    const ctx = sizeCanvas(canvas, 720, height);
    drawBars(ctx, d, theme, 720, rowH, 0, height);
    return { fileName: `${base}.png`, data: canvas.toDataURL('image/png') };
  }
}
