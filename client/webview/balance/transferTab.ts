// Tab 3: target x source transfer (RdBu around 0, missing cells hatched), optional clustering of similar
// tasks, and beside it each task's single-task and multi-task scores with its gain.
import type { TransferResult } from '../../../contracts/balanceData';
import type { BalanceState, ExportFormat } from '../../../contracts/balanceMessages';
import { transferCsv } from './csv';
import { formatNumber, formatSignedPercent } from './format';
import type { HeatmapSpec } from './heatmapModel';
import { HeatmapView } from './heatmapView';
import { transferScale } from './scales';
import { exportHeatmap } from './strategiesTab';
import { labelledSelect, type BalanceTabView, type TabExport } from './tab';
import { h } from './theme';
import type { Tooltip } from './tooltip';
import { transferExtent, transferFingerprint, transferLayout, type TransferLayout, type TransferOrder } from './transferMatrix';

export class TransferTab implements BalanceTabView {
  readonly element: HTMLElement;
  private readonly heatmap: HeatmapView;
  private readonly gains: HTMLDivElement;
  private readonly empty: HTMLParagraphElement;
  private transfer: TransferResult | null = null;
  private layout: TransferLayout = { rowOrder: [], colOrder: [] };
  private mixture = 'mixture';
  private layoutKey = '';

  constructor(tooltip: Tooltip, private order: TransferOrder, onOrder: (o: TransferOrder) => void, revealTask: (name: string) => void) {
    this.heatmap = new HeatmapView('Transfer', tooltip, {
      describeCell: (r, c) => this.describe(r, c),
      activateRow: (r) => this.transfer && revealTask(this.transfer.targets[this.layout.rowOrder[r]!]!),
      tableRows: () => this.tableRows(),
    });
    this.gains = h('div', { class: 'gains', id: 'transfer-gains' });
    this.empty = h('p', { class: 'empty' }, 'This mixture has no `results.pairwise` block: add measured scores to see transfer between tasks.');
    const controls = h(
      'div',
      { class: 'controls' },
      labelledSelect('Order', [['file', 'file order'], ['name', 'name'], ['clustered', 'group similar tasks']], order, (v) => {
        this.order = v as TransferOrder;
        onOrder(this.order);
        this.refresh();
      }),
    );
    this.element = h('section', { class: 'tab-panel', id: 'panel-transfer', role: 'tabpanel', 'aria-labelledby': 'tab-transfer' }, controls, this.empty, h('div', { class: 'split' }, h('div', { class: 'split-main' }, this.heatmap.element), this.gains));
  }

  update(state: BalanceState): void {
    this.transfer = state.transfer;
    this.mixture = state.comparison?.mixture ?? 'mixture';
    this.refresh();
  }

  private refresh(): void {
    const t = this.transfer;
    const has = !!t && t.targets.length > 0;
    this.empty.hidden = has;
    this.renderGains();
    if (!t || !has) return this.heatmap.setSpec(null);
    // Clustering is O(n^3): keep the layout while the numbers and the ordering are the same (the file changed elsewhere).
    const key = `${this.order}|${transferFingerprint(t)}`;
    if (key !== this.layoutKey) {
      this.layout = transferLayout(t, this.order);
      this.layoutKey = key;
    }
    const scale = transferScale(transferExtent(t));
    const { rowOrder, colOrder } = this.layout;
    const spec: HeatmapSpec = {
      rowLabels: rowOrder.map((r) => t.targets[r]!),
      colLabels: colOrder.map((c) => t.sources[c]!),
      highlightCol: -1,
      cellColor: (r, c) => {
        const v = t.matrix[rowOrder[r]!]![colOrder[c]!];
        return v == null ? null : scale.color(v);
      },
      isMarked: () => false,
      scale,
      legendTitle: 'transfer',
      formatTick: (v) => formatSignedPercent(v),
    };
    this.heatmap.setSpec(spec);
  }

  private describe(row: number, col: number): string[] {
    const t = this.transfer!;
    const target = t.targets[this.layout.rowOrder[row]!]!;
    const source = t.sources[this.layout.colOrder[col]!]!;
    const v = t.matrix[this.layout.rowOrder[row]!]![this.layout.colOrder[col]!];
    const note = t.notes.find((n) => n.target === target && n.source === source);
    return [`${target} ← ${source}`, v == null ? (note ? `no transfer: ${note.reason}` : 'missing: no pairwise score') : `transfer ${formatSignedPercent(v)} (${v})`, ...(t.metric ? [`metric ${t.metric}${t.higherIsBetter ? '' : ' (lower is better)'}`] : [])];
  }

  private tableRows(): { header: string[]; rows: string[][] } {
    const t = this.transfer!;
    return {
      header: ['target \\ source', ...this.layout.colOrder.map((c) => t.sources[c]!)],
      rows: this.layout.rowOrder.map((r) => [t.targets[r]!, ...this.layout.colOrder.map((c) => formatSignedPercent(t.matrix[r]![c] ?? null))]),
    };
  }

  private renderGains(): void {
    const t = this.transfer;
    if (!t || t.gain.length === 0) return void this.gains.replaceChildren();
    const maxAbs = Math.max(1e-12, ...t.gain.map((g) => Math.abs(g.gain ?? 0)));
    const table = h('table', { class: 'data-table', 'aria-label': 'Single-task vs multi-task scores' }, h('thead', {}, h('tr', {}, ...['task', 'single', 'multi', 'gain'].map((x) => h('th', { scope: 'col' }, x)))));
    const body = h('tbody');
    for (const g of t.gain) {
      const bar = h('span', { class: `gain-bar ${g.gain != null && g.gain < 0 ? 'neg' : 'pos'}` });
      bar.style.width = `${(Math.abs(g.gain ?? 0) / maxAbs) * 48}px`;
      body.append(h('tr', {}, h('th', { scope: 'row' }, g.task), h('td', {}, formatNumber(g.single)), h('td', {}, formatNumber(g.multi)), h('td', { title: g.reason ?? String(g.gain) }, bar, ` ${formatSignedPercent(g.gain)}`)));
    }
    table.append(body);
    this.gains.replaceChildren(h('h3', {}, `Single vs multi-task${t.metric ? ` (${t.metric})` : ''}`), table);
  }

  setTableMode(on: boolean): void {
    this.heatmap.setTableMode(on);
  }

  shown(): void {
    this.heatmap.render();
  }

  exportAs(format: ExportFormat): TabExport {
    const base = `${this.mixture}-transfer`;
    const spec = this.heatmap.getSpec();
    if (!this.transfer || !spec) return { fileName: base, data: null };
    if (format === 'csv') return { fileName: `${base}.csv`, data: transferCsv(this.transfer, this.layout) };
    return exportHeatmap(spec, base, format);
  }
}
