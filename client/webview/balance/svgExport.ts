// SVG exports of the current view: the same spec and geometry as the canvas, every row drawn.
import type { HeatmapGeometry, HeatmapSpec } from './heatmapModel';
import { labelStride } from './labels';

export interface SvgTheme {
  foreground: string;
  background: string;
  border: string;
  font: string;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

const LEGEND_HEIGHT = 44;

/** A standalone SVG document of a heatmap with its legend; missing cells hatched, marked cells dotted. */
export function heatmapSvg(spec: HeatmapSpec, g: HeatmapGeometry, theme: SvgTheme): string {
  const height = g.headerHeight + g.bodyHeight + LEGEND_HEIGHT;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${height}" viewBox="0 0 ${g.width} ${height}" font-family="${escapeXml(theme.font)}" font-size="11">`);
  out.push(`<defs><pattern id="missing" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${theme.background}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${theme.border}" stroke-width="2"/></pattern>`);
  out.push(`<linearGradient id="legend">${[0, 0.25, 0.5, 0.75, 1].map((t) => `<stop offset="${t}" stop-color="${spec.scale.ramp(t)}"/>`).join('')}</linearGradient></defs>`);
  out.push(`<rect width="${g.width}" height="${height}" fill="${theme.background}"/>`);
  spec.colLabels.forEach((label, c) => {
    const x = g.labelWidth + c * g.cellWidth + g.cellWidth / 2;
    out.push(`<text x="${x}" y="${g.headerHeight - 4}" fill="${theme.foreground}" transform="rotate(-45 ${x} ${g.headerHeight - 4})"${c === spec.highlightCol ? ' font-weight="bold"' : ''}>${escapeXml(label)}</text>`);
  });
  const stride = labelStride(g.cellHeight, 12);
  for (let r = 0; r < g.rows; r++) {
    const y = g.headerHeight + r * g.cellHeight;
    if (r % stride === 0) out.push(`<text x="${g.labelWidth - 4}" y="${y + g.cellHeight / 2 + 4}" text-anchor="end" fill="${theme.foreground}">${escapeXml(spec.rowLabels[r]!)}</text>`);
    for (let c = 0; c < g.cols; c++) {
      const x = g.labelWidth + c * g.cellWidth;
      const color = spec.cellColor(r, c);
      out.push(`<rect x="${x}" y="${y}" width="${g.cellWidth}" height="${g.cellHeight}" fill="${color ?? 'url(#missing)'}"><title>${escapeXml(`${spec.rowLabels[r]} / ${spec.colLabels[c]}`)}</title></rect>`);
      if (spec.isMarked(r, c)) out.push(`<circle cx="${x + g.cellWidth - 4}" cy="${y + g.cellHeight / 2}" r="2" fill="${theme.foreground}"/>`);
    }
  }
  if (spec.highlightCol >= 0) out.push(`<rect x="${g.labelWidth + spec.highlightCol * g.cellWidth + 0.5}" y="${g.headerHeight + 0.5}" width="${g.cellWidth - 1}" height="${g.bodyHeight - 1}" fill="none" stroke="${theme.foreground}" stroke-width="1.5"/>`);
  const ly = g.headerHeight + g.bodyHeight + 10;
  const lw = Math.max(120, Math.min(300, g.width - g.labelWidth));
  out.push(`<text x="${g.labelWidth - 4}" y="${ly + 10}" text-anchor="end" fill="${theme.foreground}">${escapeXml(spec.legendTitle)}</text>`);
  out.push(`<rect x="${g.labelWidth}" y="${ly}" width="${lw}" height="12" fill="url(#legend)"/>`);
  for (const v of spec.scale.ticks(5)) {
    const x = g.labelWidth + spec.scale.position(v) * lw;
    out.push(`<line x1="${x}" x2="${x}" y1="${ly + 12}" y2="${ly + 16}" stroke="${theme.foreground}"/><text x="${x}" y="${ly + 27}" text-anchor="middle" fill="${theme.foreground}">${escapeXml(spec.formatTick(v))}</text>`);
  }
  for (const m of spec.scale.marks) {
    const x = g.labelWidth + spec.scale.position(m.value) * lw;
    out.push(`<line x1="${x}" x2="${x}" y1="${ly - 3}" y2="${ly + 15}" stroke="${theme.foreground}" stroke-width="2"/><text x="${x + 3}" y="${ly - 2}" fill="${theme.foreground}">${escapeXml(m.label)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

/** Horizontal bars (the Temperature tab): one bar per task, its length the rate. */
export function barsSvg(labels: string[], values: number[], format: (v: number) => string, theme: SvgTheme, barColor: string): string {
  const labelWidth = 160;
  const barRoom = 360;
  const rowH = 14;
  const max = Math.max(1e-12, ...values);
  const height = labels.length * rowH + 8;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barRoom + 90}" height="${height}" font-family="${escapeXml(theme.font)}" font-size="11">`, `<rect width="100%" height="100%" fill="${theme.background}"/>`];
  labels.forEach((label, i) => {
    const y = 4 + i * rowH;
    const w = (values[i]! / max) * barRoom;
    out.push(`<text x="${labelWidth - 4}" y="${y + 11}" text-anchor="end" fill="${theme.foreground}">${escapeXml(label)}</text><rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${rowH - 4}" fill="${barColor}"/><text x="${labelWidth + w + 4}" y="${y + 11}" fill="${theme.foreground}">${escapeXml(format(values[i]!))}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Lines over a log y axis (Training dynamics): one polyline per series, the threshold dashed. */
export function linesSvg(xs: number[], series: { name: string; ys: number[]; color: string }[], threshold: number, theme: SvgTheme): string {
  const W = 720;
  const H = 400;
  const pad = { l: 56, r: 12, t: 12, b: 32 };
  const xMax = Math.max(1, ...xs);
  const ysAll = series.flatMap((s) => s.ys).filter((y) => y > 0);
  const yLo = Math.log10(Math.min(threshold, ...(ysAll.length ? ysAll : [threshold / 10])));
  const yHi = Math.log10(Math.max(threshold, ...(ysAll.length ? ysAll : [threshold])));
  const span = Math.max(1e-9, yHi - yLo);
  const px = (x: number) => pad.l + (x / xMax) * (W - pad.l - pad.r);
  const py = (y: number) => H - pad.b - ((Math.log10(Math.max(y, 10 ** yLo)) - yLo) / span) * (H - pad.t - pad.b);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="${escapeXml(theme.font)}" font-size="11">`, `<rect width="100%" height="100%" fill="${theme.background}"/>`];
  for (const s of series) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1" points="${xs.map((x, i) => `${px(x).toFixed(1)},${py(s.ys[i]!).toFixed(1)}`).join(' ')}"><title>${escapeXml(s.name)}</title></polyline>`);
  out.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${py(threshold)}" y2="${py(threshold)}" stroke="${theme.foreground}" stroke-dasharray="4 3"/><text x="${W - pad.r}" y="${py(threshold) - 3}" text-anchor="end" fill="${theme.foreground}">${threshold} epochs</text>`);
  out.push(`<line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${H - pad.b}" stroke="${theme.border}"/><line x1="${pad.l}" x2="${W - pad.r}" y1="${H - pad.b}" y2="${H - pad.b}" stroke="${theme.border}"/>`);
  out.push(`<text x="${W / 2}" y="${H - 6}" text-anchor="middle" fill="${theme.foreground}">training step</text></svg>`);
  return out.join('\n');
}
