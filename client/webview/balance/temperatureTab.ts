// Tab 2: a log temperature slider (T from 1 to 100) and the cap K. Every move asks the host for the rates under
// that what-if (the server computes them); at most one request is in flight and the latest move is sent as soon
// as it returns, so the view follows the slider without a fixed delay and never shows an older answer last.
import type { RatesResult } from '../../../contracts/balanceData';
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
  private inFlight: { id: number; sentAt: number } | null = null;
  private pending = false;
  private result: RatesResult | null = null;
  private fileRates = new Map<string, number>();
  private tableMode = false;
  private mixture = 'mixture';

  constructor(tooltip: Tooltip, private readonly port: WhatIfPort) {
    this.slider = h('input', { type: 'range', min: '0', max: '2', step: '0.005', value: String(positionOf(2)), id: 'temperature-slider', 'aria-label': 'Temperature T (log scale, 1 to 100)' });
    this.tValue = h('output', { for: 'temperature-slider', class: 'slider-value' });
    this.capInput = h('input', { type: 'number', min: '0', step: '1', placeholder: 'no cap', id: 'cap-input', 'aria-label': 'Cap K (examples; empty for none)' });
    const apply = h('button', { type: 'button', id: 'apply-temperature' }, 'Apply to file');
    this.status = h('div', { class: 'status', role: 'status' });
    this.figures = h('dl', { class: 'figures', id: 'balance-figures' });
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

  /** A new file state: start from the file's own temperature and cap, and ask for the rates. */
  update(state: BalanceState, fromUser: boolean): void {
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
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.send();
  }

  private send(): void {
    this.pending = false;
    performance.mark('balance:whatif-sent');
    this.inFlight = { id: this.port.request(this.temperature(), this.cap()), sentAt: performance.now() };
  }

  /** The host's answer to a what-if request. */
  onRates(requestId: number, result: RatesResult | null, error: string | undefined): void {
    if (!this.inFlight || requestId !== this.inFlight.id) return;
    performance.mark('balance:whatif-received');
    this.inFlight = null;
    if (this.pending) return this.send();
    this.status.textContent = error ?? '';
    if (!result) return;
    this.result = result;
    this.render();
    // "Request to painted frame": the frame after this one has the new bars on screen.
    requestAnimationFrame(() => {
      performance.measure('balance:whatif', 'balance:whatif-sent');
      performance.measure('balance:whatif-view', 'balance:whatif-received');
    });
  }

  private render(): void {
    const r = this.result;
    if (!r) return;
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
    this.figures.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-figure': k }, v)]));
    this.bars.setData(this.barsData(r));
    if (this.tableMode) this.renderTable();
  }

  private barsData(r: RatesResult): BarsData {
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
