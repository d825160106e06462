// Horizontal bars of the Temperature tab, one per task, virtualized like the heatmap: the what-if rate as a bar,
// the file's own rate as a tick, exact numbers in the tooltip.
import { labelStride, truncateLabel } from './labels';
import { h, readTheme, sizeCanvas, type CanvasTheme } from './theme';
import type { Tooltip } from './tooltip';

export interface BarsData {
  labels: string[];
  values: number[];
  /** Reference tick per bar (the file's own rate); NaN for none. */
  reference: number[];
  color: string;
  describe(i: number): string[];
}

const LABEL_WIDTH = 150;

export class BarsView {
  readonly element: HTMLElement;
  private readonly scroller: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly spacer: HTMLDivElement;
  private data: BarsData | null = null;
  private frame = 0;
  /** The scroller's size and scroll position as its observers last saw them (see draw). */
  private size = { width: 0, height: 0 };
  private scrollTop = 0;

  constructor(private readonly tooltip: Tooltip, private readonly onActivate: (i: number) => void) {
    this.canvas = h('canvas', { class: 'bars-canvas', 'aria-hidden': 'true' });
    this.spacer = h('div', { class: 'heatmap-spacer' });
    this.scroller = h('div', { class: 'heatmap-scroller bars-scroller', tabindex: '-1' }, this.canvas, this.spacer);
    this.element = this.scroller;
    this.scroller.addEventListener('scroll', () => {
      this.scrollTop = this.scroller.scrollTop;
      if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.draw()));
    });
    this.scroller.addEventListener('mousemove', (e) => {
      const i = this.indexAt(e);
      if (i === null || !this.data) this.tooltip.hide();
      else this.tooltip.show(this.data.describe(i), e.clientX, e.clientY);
    });
    this.scroller.addEventListener('mouseleave', () => this.tooltip.hide());
    this.scroller.addEventListener('click', (e) => {
      const i = this.indexAt(e);
      if (i !== null) this.onActivate(i);
    });
    new ResizeObserver(([entry]) => {
      if (entry) this.size = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.draw();
    }).observe(this.scroller);
  }

  rowHeight(): number {
    const n = this.data?.labels.length ?? 0;
    return n <= 60 ? 16 : n <= 300 ? 10 : 5;
  }

  setData(data: BarsData): void {
    this.data = data;
    this.draw();
  }

  /**
   * Reads no layout on a slider step: the size and scroll position come from the observers, since reading them
   * after any change to the page (the T label, the figures) makes the browser lay it out again mid-step. The
   * scroller's height is set by CSS, so its content (the spacer) never changes them. Read directly only while the
   * observer has seen nothing (not yet laid out, or hidden).
   */
  draw(): void {
    const d = this.data;
    if (!d) return;
    const rowH = this.rowHeight();
    const total = d.labels.length * rowH + 8;
    const seen = this.size.width > 0 && this.size.height > 0;
    const viewport = Math.min((seen ? this.size.height : this.scroller.clientHeight) || 360, total);
    const width = (seen ? this.size.width : this.scroller.clientWidth) || 600;
    const scrollTop = seen ? this.scrollTop : this.scroller.scrollTop;
    const theme = readTheme();
    const spacer = `${Math.max(0, total - viewport)}px`;
    if (this.spacer.style.height !== spacer) this.spacer.style.height = spacer;
    const ctx = sizeCanvas(this.canvas, width, viewport);
    drawBars(ctx, d, theme, width, rowH, scrollTop, viewport);
  }

  private indexAt(e: MouseEvent): number | null {
    if (!this.data) return null;
    const rect = this.canvas.getBoundingClientRect();
    const i = Math.floor((e.clientY - rect.top + this.scroller.scrollTop - 4) / this.rowHeight());
    return i >= 0 && i < this.data.labels.length ? i : null;
  }
}

/** Draws the bars from `scrollTop` for `height` px (the whole list for an export). */
export function drawBars(ctx: CanvasRenderingContext2D, d: BarsData, theme: CanvasTheme, width: number, rowH: number, scrollTop: number, height: number): void {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = `11px ${theme.font}`;
  const measure = (s: string) => ctx.measureText(s).width;
  let max = 0;
  for (let i = 0; i < d.values.length; i++) max = Math.max(max, d.values[i]!, Number.isNaN(d.reference[i]!) ? 0 : d.reference[i]!);
  if (max <= 0) max = 1;
  const room = Math.max(40, width - LABEL_WIDTH - 70);
  const first = Math.max(0, Math.floor((scrollTop - 4) / rowH));
  const end = Math.min(d.labels.length, Math.ceil((scrollTop + height) / rowH));
  const stride = labelStride(rowH, 11);
  ctx.textBaseline = 'middle';
  for (let i = first; i < end; i++) {
    const y = 4 + i * rowH - scrollTop;
    const w = (d.values[i]! / max) * room;
    ctx.fillStyle = d.color;
    ctx.fillRect(LABEL_WIDTH, y + 1, Math.max(w, d.values[i]! > 0 ? 1 : 0), Math.max(1, rowH - 2));
    const ref = d.reference[i]!;
    if (!Number.isNaN(ref)) {
      ctx.fillStyle = theme.foreground;
      ctx.fillRect(LABEL_WIDTH + (ref / max) * room - 1, y, 2, rowH);
    }
    if (i % stride === 0) {
      ctx.fillStyle = theme.foreground;
      ctx.textAlign = 'right';
      ctx.fillText(truncateLabel(d.labels[i]!, LABEL_WIDTH - 8, measure), LABEL_WIDTH - 4, y + rowH / 2);
      if (rowH >= 10) {
        ctx.textAlign = 'left';
        ctx.fillText(`${(d.values[i]! * 100).toPrecision(3)}%`, LABEL_WIDTH + w + 4, y + rowH / 2);
      }
    }
  }
}
