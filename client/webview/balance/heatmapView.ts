// An interactive heatmap: a virtualized canvas (sticky in a scroller sized for every row), hover and keyboard
// tooltips with the exact numbers, Enter/click to activate a row, and a table view with the same numbers.
import { cellAt, heatmapGeometry, moveCursor, rowLabelAt, visibleRows, type HeatmapGeometry, type HeatmapSpec } from './heatmapModel';
import { drawHeatmap, drawLegend, LEGEND_HEIGHT } from './heatmapCanvas';
import { h, readTheme, sizeCanvas } from './theme';
import type { Tooltip } from './tooltip';

export interface HeatmapCallbacks {
  /** Exact numbers of a cell, one line each. */
  describeCell(row: number, col: number): string[];
  /** A row was clicked or activated with Enter. */
  activateRow?(row: number): void;
  /** The table view: header and one row of cells per heatmap row. */
  tableRows(): { header: string[]; rows: string[][] };
}

const LABEL_WIDTH = 150;
const HEADER_HEIGHT = 90;
/** Room right of the last column for its slanted label. */
const RIGHT_ROOM = 70;

export class HeatmapView {
  readonly element: HTMLElement;
  private readonly scroller: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer: HTMLDivElement;
  private readonly legend: HTMLCanvasElement;
  private readonly table: HTMLDivElement;
  private readonly live: HTMLDivElement;
  private spec: HeatmapSpec | null = null;
  private geometry: HeatmapGeometry | null = null;
  private cursor: { row: number; col: number } | null = null;
  private frame = 0;
  private showTable = false;

  constructor(private readonly name: string, private readonly tooltip: Tooltip, private readonly callbacks: HeatmapCallbacks) {
    this.canvas = h('canvas', { class: 'heatmap-canvas', 'aria-hidden': 'true' });
    this.spacer = h('div', { class: 'heatmap-spacer' });
    this.scroller = h('div', { class: 'heatmap-scroller', tabindex: '0', role: 'grid', 'aria-label': `${name} heatmap: arrow keys move between cells, Enter reveals the task` }, this.canvas, this.spacer);
    this.legend = h('canvas', { class: 'heatmap-legend', role: 'img' });
    this.table = h('div', { class: 'heatmap-table', hidden: '' });
    this.live = h('div', { class: 'sr-only', 'aria-live': 'polite' });
    this.element = h('div', { class: 'heatmap', 'data-heatmap': name }, this.scroller, this.legend, this.table, this.live);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('mousemove', (e) => this.onHover(e));
    this.scroller.addEventListener('mouseleave', () => this.tooltip.hide());
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('blur', () => this.tooltip.hide());
    new ResizeObserver(() => this.render()).observe(this.scroller);
  }

  setSpec(spec: HeatmapSpec | null): void {
    this.spec = spec;
    if (this.cursor && spec && (this.cursor.row >= spec.rowLabels.length || this.cursor.col >= spec.colLabels.length)) this.cursor = null;
    this.render();
  }

  setTableMode(on: boolean): void {
    this.showTable = on;
    this.render();
  }

  /** Geometry of the current drawing (for tests and exports). */
  getGeometry(): HeatmapGeometry | null {
    return this.geometry;
  }

  getSpec(): HeatmapSpec | null {
    return this.spec;
  }

  /** Lays out and draws synchronously (a full render). */
  render(): void {
    const spec = this.spec;
    this.scroller.hidden = this.showTable || !spec;
    this.legend.hidden = this.showTable || !spec;
    this.table.hidden = !this.showTable || !spec;
    if (!spec) return;
    if (this.showTable) {
      this.renderTable();
      return;
    }
    const rows = spec.rowLabels.length;
    const width = this.scroller.clientWidth || 600;
    this.geometry = heatmapGeometry({
      rows,
      cols: spec.colLabels.length,
      availableWidth: width,
      labelWidth: LABEL_WIDTH,
      headerHeight: HEADER_HEIGHT,
      cellHeight: rows <= 40 ? 22 : rows <= 200 ? 12 : 6,
    });
    const g = this.geometry;
    // As tall as the rows need, up to the window's bottom: a short mixture keeps its legend close.
    const room = Math.max(200, window.innerHeight - this.scroller.getBoundingClientRect().top - LEGEND_HEIGHT - 24);
    const viewport = Math.min(room, g.headerHeight + g.bodyHeight);
    this.scroller.style.height = `${viewport + (g.width + RIGHT_ROOM > width ? 16 : 0)}px`;
    this.spacer.style.height = `${Math.max(0, g.headerHeight + g.bodyHeight - viewport)}px`;
    this.spacer.style.width = `${g.width + RIGHT_ROOM}px`;
    this.draw(viewport);
    const theme = readTheme();
    const legendWidth = Math.max(120, Math.min(300, g.width - g.labelWidth));
    const lctx = sizeCanvas(this.legend, g.labelWidth + legendWidth + 110, LEGEND_HEIGHT);
    lctx.fillStyle = theme.background;
    lctx.fillRect(0, 0, this.legend.width, this.legend.height);
    drawLegend(lctx, spec, theme, g.labelWidth, 4, legendWidth);
    this.legend.setAttribute('aria-label', `${spec.legendTitle} legend, from ${spec.formatTick(spec.scale.domain[0]!)} to ${spec.formatTick(spec.scale.domain[spec.scale.domain.length - 1]!)}`);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.geometry) this.draw(this.viewport());
    });
  }

  private viewport(): number {
    const g = this.geometry!;
    return Math.min(this.canvas.clientHeight || this.scroller.clientHeight, g.headerHeight + g.bodyHeight);
  }

  private draw(viewport: number): void {
    const g = this.geometry;
    const spec = this.spec;
    if (!g || !spec) return;
    const ctx = sizeCanvas(this.canvas, g.width + RIGHT_ROOM, viewport);
    const scrollTop = this.scroller.scrollTop;
    const [firstRow, endRow] = visibleRows(g, scrollTop, viewport - g.headerHeight);
    drawHeatmap(ctx, spec, g, readTheme(), { firstRow, endRow, scrollTop, cursor: this.cursor, withLegend: false });
  }

  /** Maps a mouse event to a body position (y from the top of the first row); null over the header. */
  private bodyPoint(e: MouseEvent): { x: number; y: number } | null {
    const g = this.geometry;
    if (!g) return null;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    return y < g.headerHeight ? null : { x, y: y - g.headerHeight + this.scroller.scrollTop };
  }

  private onHover(e: MouseEvent): void {
    const g = this.geometry;
    const p = this.bodyPoint(e);
    if (!g || !p || !this.spec) return this.tooltip.hide();
    const cell = cellAt(g, p.x, p.y);
    if (cell) return this.tooltip.show(this.callbacks.describeCell(cell.row, cell.col), e.clientX, e.clientY);
    const row = rowLabelAt(g, p.x, p.y);
    if (row !== null) return this.tooltip.show([this.spec.rowLabels[row]!], e.clientX, e.clientY);
    this.tooltip.hide();
  }

  private onClick(e: MouseEvent): void {
    const g = this.geometry;
    const p = this.bodyPoint(e);
    if (!g || !p) return;
    const cell = cellAt(g, p.x, p.y);
    const row = cell ? cell.row : rowLabelAt(g, p.x, p.y);
    if (row === null) return;
    if (cell) this.cursor = cell;
    this.schedule();
    this.callbacks.activateRow?.(row);
  }

  private onKey(e: KeyboardEvent): void {
    const g = this.geometry;
    if (!g || g.rows === 0 || g.cols === 0) return;
    if (e.key === 'Enter' || e.key === ' ') {
      if (this.cursor) this.callbacks.activateRow?.(this.cursor.row);
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape') return this.tooltip.hide();
    const viewport = this.scroller.clientHeight - g.headerHeight;
    const next = this.cursor ? moveCursor(g, this.cursor, e.key, Math.max(1, Math.floor(viewport / g.cellHeight))) : e.key.startsWith('Arrow') || e.key.startsWith('Page') || e.key === 'Home' || e.key === 'End' ? { row: 0, col: 0 } : null;
    if (!next) return;
    e.preventDefault();
    this.focusCell(next.row, next.col);
  }

  /** Moves the keyboard cursor to a cell, scrolls it into view and shows its tooltip. */
  focusCell(row: number, col: number): void {
    const g = this.geometry;
    if (!g) return;
    this.cursor = { row, col };
    const viewport = this.scroller.clientHeight - g.headerHeight;
    const y = row * g.cellHeight;
    if (y < this.scroller.scrollTop) this.scroller.scrollTop = y;
    else if (y + g.cellHeight > this.scroller.scrollTop + viewport) this.scroller.scrollTop = y + g.cellHeight - viewport;
    this.draw(this.viewport());
    const lines = this.callbacks.describeCell(row, col);
    this.live.textContent = lines.join(', ');
    const rect = this.canvas.getBoundingClientRect();
    this.tooltip.show(lines, rect.left + g.labelWidth + (col + 1) * g.cellWidth, rect.top + g.headerHeight + y - this.scroller.scrollTop + g.cellHeight);
  }

  private renderTable(): void {
    const { header, rows } = this.callbacks.tableRows();
    const table = h('table', { class: 'data-table', 'aria-label': `${this.name} as a table` });
    const thead = h('thead', {}, h('tr', {}, ...header.map((t) => h('th', { scope: 'col' }, t))));
    const tbody = h('tbody');
    for (const r of rows) {
      const tr = h('tr');
      r.forEach((cell, i) => tr.append(i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)));
      tbody.append(tr);
    }
    table.append(thead, tbody);
    this.table.replaceChildren(table);
  }
}
