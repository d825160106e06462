// Tab 1: tasks x strategies, coloured by rate (linear or log) or by epochs around 1; sortable; click reveals.
import type { ExportFormat } from '../../../contracts/balanceMessages';
import type { BalanceState } from '../../../contracts/balanceMessages';
import { strategiesCsv } from './csv';
import { formatCount, formatEpochs, formatNumber, formatPercent } from './format';
import { drawHeatmap, LEGEND_HEIGHT } from './heatmapCanvas';
import { heatmapGeometry, type HeatmapSpec } from './heatmapModel';
import { HeatmapView } from './heatmapView';
import { epochScale, rateScale, type RateColorMode } from './scales';
import { buildStrategyMatrix, strategyRowOrder, type RowSortKey, type StrategyMatrix } from './strategyMatrix';
import { heatmapSvg } from './svgExport';
import { labelledSelect, type BalanceTabView, type TabExport } from './tab';
import { h, readTheme, sizeCanvas } from './theme';
import type { Tooltip } from './tooltip';

export class StrategiesTab implements BalanceTabView {
  readonly element: HTMLElement;
  private readonly heatmap: HeatmapView;
  private matrix: StrategyMatrix | null = null;
  private order: number[] = [];
  private threshold = 10;
  private mixture = 'mixture';

  constructor(tooltip: Tooltip, private colorMode: RateColorMode, private sort: RowSortKey, private readonly onChange: (mode: RateColorMode, sort: RowSortKey) => void, revealTask: (name: string) => void) {
    this.heatmap = new HeatmapView('Strategies', tooltip, {
      describeCell: (r, c) => this.describe(r, c),
      activateRow: (r) => this.matrix && revealTask(this.matrix.rows[this.order[r]!]!.name),
      tableRows: () => this.tableRows(),
    });
    const controls = h(
      'div',
      { class: 'controls' },
      labelledSelect('Colour by', [['rate-linear', 'rate (linear)'], ['rate-log', 'rate (log)'], ['epochs', 'epochs (around 1)'], ['effective-epochs', 'effective epochs (value of repeats)']], colorMode, (v) => {
        this.colorMode = v as RateColorMode;
        this.refresh();
      }),
      labelledSelect('Sort by', [['file', 'file order'], ['name', 'name'], ['examples', 'examples'], ['rate', 'rate (file strategy)']], sort, (v) => {
        this.sort = v as RowSortKey;
        this.refresh();
      }),
    );
    this.element = h('section', { class: 'tab-panel', id: 'panel-strategies', role: 'tabpanel', 'aria-labelledby': 'tab-strategies' }, controls, this.heatmap.element);
  }

  update(state: BalanceState): void {
    this.matrix = state.comparison ? buildStrategyMatrix(state.comparison) : null;
    this.threshold = state.sampling.maxEpochs;
    this.mixture = state.comparison?.mixture ?? 'mixture';
    this.refresh(false);
  }

  private refresh(notify = true): void {
    if (notify) this.onChange(this.colorMode, this.sort);
    const m = this.matrix;
    if (!m) return this.heatmap.setSpec(null);
    this.order = strategyRowOrder(m, this.sort);
    this.heatmap.setSpec(this.spec(m));
  }

  private spec(m: StrategyMatrix): HeatmapSpec {
    const width = m.columns.length;
    // Effective epochs share the epochs' scale (1 epoch in the middle), so the two colourings compare by eye.
    const epochValues = this.colorMode === 'effective-epochs' ? m.effectiveEpochs : m.epochs;
    const byEpochs = (this.colorMode === 'epochs' || this.colorMode === 'effective-epochs') && epochValues.some((e) => !Number.isNaN(e));
    const values = byEpochs ? epochValues : m.rates;
    const scale = byEpochs ? epochScale(epochValues, this.threshold) : rateScale(m.rates, this.colorMode === 'rate-log');
    const order = this.order;
    return {
      rowLabels: order.map((r) => m.rows[r]!.name),
      colLabels: m.columns.map((c) => c.label),
      highlightCol: m.fileColumn,
      cellColor: (r, c) => {
        const v = values[order[r]! * width + c]!;
        return Number.isNaN(v) ? null : scale.color(v);
      },
      isMarked: (r, c) => m.epochs[order[r]! * width + c]! > this.threshold,
      scale,
      legendTitle: byEpochs ? (this.colorMode === 'effective-epochs' ? 'effective epochs' : 'epochs') : this.colorMode === 'rate-log' ? 'rate (log)' : 'rate',
      formatTick: byEpochs ? (v) => formatEpochs(v) : (v) => `${Number((v * 100).toPrecision(3))}%`,
    };
  }

  private describe(row: number, col: number): string[] {
    const m = this.matrix!;
    const r = this.order[row]!;
    const i = r * m.columns.length + col;
    const task = m.rows[r]!;
    const column = m.columns[col]!;
    const lines = [task.name, `${column.label}${column.isFileStrategy ? ' (file strategy)' : ''}`];
    if (Number.isNaN(m.rates[i]!)) return [...lines, 'not in this strategy'];
    lines.push(`rate ${formatPercent(m.rates[i]!)} (${m.rates[i]})`, `raw ${formatNumber(m.raw[i]!)}`, `examples ${formatCount(task.examples)}`);
    const e = m.epochs[i]!;
    lines.push(Number.isNaN(e) ? 'epochs: no budget' : `epochs ${formatEpochs(e)}${e > this.threshold ? ` (over ${this.threshold})` : e < 1 ? ' (drawn less than once)' : ''}`);
    const worth = m.effectiveEpochs[i]!;
    if (!Number.isNaN(worth) && e > 1) lines.push(`worth ${formatEpochs(worth)} of new data (Muennighoff et al. 2023)`);
    if (task.via.length > 1) lines.push(`via ${task.via.join(' › ')}`);
    return lines;
  }

  private tableRows(): { header: string[]; rows: string[][] } {
    const m = this.matrix!;
    const width = m.columns.length;
    return {
      header: ['task', 'examples', ...m.columns.map((c) => `${c.label}${c.isFileStrategy ? ' (file)' : ''}`)],
      rows: this.order.map((r) => [
        m.rows[r]!.name,
        formatCount(m.rows[r]!.examples),
        ...m.columns.map((_, c) => {
          const i = r * width + c;
          const e = m.epochs[i]!;
          return Number.isNaN(m.rates[i]!) ? '—' : `${formatPercent(m.rates[i]!)}${Number.isNaN(e) ? '' : ` · ${formatEpochs(e)} ep`}`;
        }),
      ]),
    };
  }

  setTableMode(on: boolean): void {
    this.heatmap.setTableMode(on);
  }

  shown(): void {
    this.heatmap.render();
  }

  exportAs(format: ExportFormat): TabExport {
    const base = `${this.mixture}-strategies`;
    const m = this.matrix;
    const spec = this.heatmap.getSpec();
    if (!m || !spec) return { fileName: base, data: null };
    if (format === 'csv') return { fileName: `${base}.csv`, data: strategiesCsv(m, this.order) };
    return exportHeatmap(spec, base, format);
  }
}

/** PNG or SVG of a whole heatmap (every row), rows shortened so that the picture stays within canvas limits. */
export function exportHeatmap(spec: HeatmapSpec, base: string, format: 'png' | 'svg'): TabExport {
  const rows = spec.rowLabels.length;
  const g = heatmapGeometry({ rows, cols: spec.colLabels.length, availableWidth: 150 + spec.colLabels.length * 48, labelWidth: 150, headerHeight: 90, cellHeight: Math.max(2, Math.min(16, Math.floor(12000 / Math.max(1, rows)))), maxCellWidth: 48 });
  const theme = readTheme();
  if (format === 'svg') return { fileName: `${base}.svg`, data: heatmapSvg(spec, g, theme) };
  const canvas = document.createElement('canvas');
  const ctx = sizeCanvas(canvas, Math.max(g.width, 150 + 300 + 110), g.headerHeight + g.bodyHeight + LEGEND_HEIGHT + 12);
  drawHeatmap(ctx, spec, g, theme, { firstRow: 0, endRow: rows, scrollTop: 0, cursor: null, withLegend: true });
  return { fileName: `${base}.png`, data: canvas.toDataURL('image/png') };
}
