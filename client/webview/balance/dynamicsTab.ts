// Tab 4: cumulative epochs per task over training steps (log y) from the server's sampling simulation, the
// epoch threshold drawn, and the step at which each task crosses it.
import type { SamplingSimulation } from '../../../contracts/balanceData';
import type { ExportFormat } from '../../../contracts/balanceMessages';
import { dynamicsCsv } from './csv';
import { epochLogRange, powerTicks, thresholdCrossings } from './dynamics';
import { formatCount, formatEpochs } from './format';
import { linesSvg } from './svgExport';
import type { BalanceTabView, TabExport } from './tab';
import { h, readTheme, sizeCanvas } from './theme';
import { interpolateViridis } from 'd3-scale-chromatic';

const PAD = { l: 56, r: 16, t: 12, b: 34 };

export class DynamicsTab implements BalanceTabView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly crossings: HTMLDivElement;
  private readonly table: HTMLDivElement;
  private readonly status: HTMLParagraphElement;
  private data: SamplingSimulation | null = null;
  private tableMode = false;
  private requested = false;

  constructor(private readonly load: () => void, private mixture = 'mixture') {
    this.canvas = h('canvas', { class: 'dynamics-canvas', role: 'img', 'aria-label': 'Cumulative epochs per task over training steps' });
    this.crossings = h('div', { class: 'gains', id: 'crossings' });
    this.table = h('div', { class: 'heatmap-table', hidden: '' });
    this.status = h('p', { class: 'status' }, 'Simulating training…');
    this.element = h('section', { class: 'tab-panel', id: 'panel-dynamics', role: 'tabpanel', 'aria-labelledby': 'tab-dynamics' }, this.status, h('div', { class: 'split' }, h('div', { class: 'split-main' }, this.canvas, this.table), this.crossings));
  }

  /** The file changed: the simulation is out of date; reload it if the tab is in view. */
  invalidate(mixture: string, visible: boolean): void {
    this.mixture = mixture;
    this.requested = false;
    if (visible) this.shown();
  }

  setData(d: SamplingSimulation | null, error?: string): void {
    this.data = d;
    this.status.textContent = error ?? (d ? `Seeded simulation, batch ${formatCount(d.batch_size)}, threshold ${d.epoch_threshold} epochs.` : 'No budget: add budget.steps and budget.batch_size to simulate training.');
    this.draw();
    this.renderSide();
  }

  shown(): void {
    if (!this.requested) {
      this.requested = true;
      this.load();
    }
    this.draw();
  }

  private draw(): void {
    const d = this.data;
    this.canvas.hidden = !d || this.tableMode;
    if (!d || this.tableMode) return;
    const width = Math.max(320, (this.canvas.parentElement?.clientWidth ?? 640) - 4);
    const ctx = sizeCanvas(this.canvas, width, 380);
    drawDynamics(ctx, d, width, 380);
  }

  private renderSide(): void {
    const d = this.data;
    if (!d) return void this.crossings.replaceChildren();
    const { crossing, never } = thresholdCrossings(d);
    const table = h('table', { class: 'data-table', 'aria-label': 'Step at which each task crosses the threshold' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'task'), h('th', { scope: 'col' }, `crosses ${d.epoch_threshold} ep at step`))));
    const body = h('tbody');
    for (const c of crossing) body.append(h('tr', {}, h('th', { scope: 'row' }, c.name), h('td', {}, formatCount(c.step))));
    table.append(body);
    this.crossings.replaceChildren(h('h3', {}, `Over ${d.epoch_threshold} epochs`), crossing.length ? table : h('p', {}, 'No task crosses the threshold.'), h('p', {}, `${never} task(s) never cross it.`));
    if (this.tableMode) this.renderTable();
  }

  private renderTable(): void {
    const d = this.data;
    if (!d) return;
    const last = d.checkpoints.length - 1;
    const table = h('table', { class: 'data-table', 'aria-label': 'Epochs per task' }, h('thead', {}, h('tr', {}, ...['task', `epochs at step ${formatCount(d.checkpoints[last] ?? 0)}`, 'crosses at'].map((x) => h('th', { scope: 'col' }, x)))));
    const body = h('tbody');
    for (const t of d.tasks) body.append(h('tr', {}, h('th', { scope: 'row' }, t.name), h('td', {}, formatEpochs(t.epochs[last] ?? null)), h('td', {}, t.crossing_step === null ? 'never' : formatCount(t.crossing_step))));
    table.append(body);
    this.table.replaceChildren(table);
  }

  setTableMode(on: boolean): void {
    this.tableMode = on;
    this.table.hidden = !on;
    if (on) this.renderTable();
    this.draw();
  }

  exportAs(format: ExportFormat): TabExport {
    const base = `${this.mixture}-dynamics`;
    const d = this.data;
    if (!d) return { fileName: base, data: null };
    if (format === 'csv') return { fileName: `${base}.csv`, data: dynamicsCsv(d) };
    if (format === 'svg') return { fileName: `${base}.svg`, data: linesSvg(d.checkpoints, d.tasks.map((t, i) => ({ name: t.name, ys: t.epochs.map((e) => e ?? 0), color: seriesColor(i, d.tasks.length) })), d.epoch_threshold, readTheme()) };
    const canvas = document.createElement('canvas');
    drawDynamics(sizeCanvas(canvas, 720, 380), d, 720, 380);
    return { fileName: `${base}.png`, data: canvas.toDataURL('image/png') };
  }
}

function seriesColor(i: number, n: number): string {
  return interpolateViridis(n <= 1 ? 0.5 : 0.05 + (0.85 * i) / (n - 1));
}

function drawDynamics(ctx: CanvasRenderingContext2D, d: SamplingSimulation, W: number, H: number): void {
  const theme = readTheme();
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, W, H);
  ctx.font = `11px ${theme.font}`;
  const [lo, hi] = epochLogRange(d);
  const xMax = Math.max(1, d.checkpoints[d.checkpoints.length - 1] ?? 1);
  const px = (x: number) => PAD.l + (x / xMax) * (W - PAD.l - PAD.r);
  const py = (y: number) => H - PAD.b - ((Math.log10(Math.max(y, 10 ** lo)) - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  ctx.strokeStyle = theme.border;
  ctx.fillStyle = theme.foreground;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of powerTicks(lo, hi)) {
    ctx.beginPath();
    ctx.moveTo(PAD.l, py(t));
    ctx.lineTo(W - PAD.r, py(t));
    ctx.stroke();
    ctx.fillText(formatEpochs(t), PAD.l - 4, py(t));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i <= 4; i++) ctx.fillText(formatCount((xMax * i) / 4), px((xMax * i) / 4), H - PAD.b + 6);
  ctx.fillText('training step', W / 2, H - 14);
  d.tasks.forEach((t, i) => {
    ctx.strokeStyle = seriesColor(i, d.tasks.length);
    ctx.beginPath();
    d.checkpoints.forEach((s, k) => (k === 0 ? ctx.moveTo(px(s), py(t.epochs[k] ?? 0)) : ctx.lineTo(px(s), py(t.epochs[k] ?? 0))));
    ctx.stroke();
  });
  ctx.strokeStyle = theme.foreground;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(PAD.l, py(d.epoch_threshold));
  ctx.lineTo(W - PAD.r, py(d.epoch_threshold));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillText(`${d.epoch_threshold} epochs`, W - PAD.r, py(d.epoch_threshold) - 2);
}
