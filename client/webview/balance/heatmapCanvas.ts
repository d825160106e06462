// Draws a heatmap on a canvas: only the rows in view (1,000 tasks scroll smoothly), a sticky header with the
// column labels, hatched missing cells, the legend with its scale. The same function draws every row for PNG export.
import type { HeatmapGeometry, HeatmapSpec } from './heatmapModel';
import { labelStride, truncateLabel } from './labels';
import type { CanvasTheme } from './theme';

export const LEGEND_HEIGHT = 48;

export interface DrawOptions {
  firstRow: number;
  endRow: number;
  /** Body scroll offset in CSS px (0 for a full drawing). */
  scrollTop: number;
  cursor: { row: number; col: number } | null;
  /** Draw the legend below the rows (full drawings only; the live view has its own legend canvas). */
  withLegend: boolean;
}

export function drawHeatmap(ctx: CanvasRenderingContext2D, spec: HeatmapSpec, g: HeatmapGeometry, theme: CanvasTheme, o: DrawOptions): void {
  const width = ctx.canvas.width / (ctx.getTransform().a || 1);
  const height = ctx.canvas.height / (ctx.getTransform().d || 1);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = `11px ${theme.font}`;
  const measure = (s: string) => ctx.measureText(s).width;
  const top = g.headerHeight - o.scrollTop;
  const stride = labelStride(g.cellHeight, 12);
  let hatch: CanvasPattern | null = null;
  let lastColor: string | null = null;
  for (let r = o.firstRow; r < o.endRow; r++) {
    const y = top + r * g.cellHeight;
    for (let c = 0; c < g.cols; c++) {
      const x = g.labelWidth + c * g.cellWidth;
      const color = spec.cellColor(r, c);
      if (color === null) {
        hatch ??= hatchPattern(ctx, theme);
        ctx.fillStyle = hatch ?? theme.background;
        lastColor = null;
      } else if (color !== lastColor) {
        // Setting fillStyle parses the colour: skip it for runs of equal cells.
        ctx.fillStyle = color;
        lastColor = color;
      }
      ctx.fillRect(x, y, g.cellWidth, g.cellHeight);
      if (spec.isMarked(r, c) && g.cellHeight >= 6) {
        ctx.fillStyle = theme.foreground;
        lastColor = null;
        ctx.beginPath();
        ctx.arc(x + g.cellWidth - 4, y + g.cellHeight / 2, Math.min(2.5, g.cellHeight / 3), 0, Math.PI * 2);
        ctx.fill();
      }
    }
    if (r % stride === 0) {
      ctx.fillStyle = theme.foreground;
      lastColor = null;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(truncateLabel(spec.rowLabels[r]!, g.labelWidth - 8, measure), g.labelWidth - 4, y + g.cellHeight / 2);
    }
  }
  if (spec.highlightCol >= 0) {
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = 2;
    const x = g.labelWidth + spec.highlightCol * g.cellWidth;
    ctx.strokeRect(x + 1, Math.max(top, g.headerHeight) + 1, g.cellWidth - 2, Math.min(g.bodyHeight, height) - 2);
  }
  if (o.cursor && o.cursor.row >= o.firstRow && o.cursor.row < o.endRow) {
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(g.labelWidth + o.cursor.col * g.cellWidth + 1, top + o.cursor.row * g.cellHeight + 1, g.cellWidth - 2, Math.max(2, g.cellHeight - 2));
  }
  // The header is drawn last so that it stays on top of rows scrolled under it.
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, g.headerHeight);
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  const diagonal = g.headerHeight / Math.SQRT1_2 - 8;
  spec.colLabels.forEach((label, c) => {
    const x = g.labelWidth + c * g.cellWidth + g.cellWidth / 2;
    ctx.save();
    ctx.translate(x, g.headerHeight - 4);
    ctx.rotate(-Math.PI / 4);
    ctx.font = `${c === spec.highlightCol ? 'bold ' : ''}11px ${theme.font}`;
    ctx.fillText(truncateLabel(label, diagonal, measure), 0, 0);
    ctx.restore();
  });
  if (o.withLegend) drawLegend(ctx, spec, theme, g.labelWidth, g.headerHeight + g.bodyHeight + 8, Math.max(120, Math.min(300, g.width - g.labelWidth)));
}

/** The colour ramp with ticks, the missing-cell swatch and any marked values (the epoch threshold). */
export function drawLegend(ctx: CanvasRenderingContext2D, spec: HeatmapSpec, theme: CanvasTheme, x: number, y: number, w: number): void {
  ctx.font = `11px ${theme.font}`;
  for (let i = 0; i < w; i++) {
    ctx.fillStyle = spec.scale.ramp(i / Math.max(1, w - 1));
    ctx.fillRect(x + i, y + 12, 1, 12);
  }
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'right';
  ctx.fillText(spec.legendTitle, x - 6, y + 22);
  ctx.textAlign = 'center';
  ctx.strokeStyle = theme.foreground;
  ctx.lineWidth = 1;
  for (const v of spec.scale.ticks(5)) {
    const tx = x + spec.scale.position(v) * w;
    ctx.beginPath();
    ctx.moveTo(tx, y + 24);
    ctx.lineTo(tx, y + 28);
    ctx.stroke();
    ctx.fillText(spec.formatTick(v), tx, y + 39);
  }
  for (const m of spec.scale.marks) {
    const tx = x + spec.scale.position(m.value) * w;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(tx, y + 8);
    ctx.lineTo(tx, y + 26);
    ctx.stroke();
    ctx.textAlign = 'left';
    ctx.fillText(m.label, tx + 3, y + 9);
  }
  const sx = x + w + 16;
  const hatch = hatchPattern(ctx, theme);
  ctx.fillStyle = hatch ?? theme.background;
  ctx.fillRect(sx, y + 12, 12, 12);
  ctx.strokeStyle = theme.border;
  ctx.lineWidth = 1;
  ctx.strokeRect(sx + 0.5, y + 12.5, 11, 11);
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'left';
  ctx.fillText('missing', sx + 16, y + 22);
}

function hatchPattern(ctx: CanvasRenderingContext2D, theme: CanvasTheme): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d')!;
  t.fillStyle = theme.background;
  t.fillRect(0, 0, 6, 6);
  // The foreground, faint: visible on any theme, and never mistaken for a colour of the scale.
  t.strokeStyle = theme.foreground;
  t.globalAlpha = 0.45;
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(0, 6);
  t.lineTo(6, 0);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}
