// Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.

export function renderTable(header: string[], rows: string[][], rightAligned: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** A percentage with enough digits to tell small rates apart. */
export function formatPercent(p: number): string {
  const pct = p * 100;
  if (pct === 0) return '0%';
  if (pct >= 10) return `${pct.toFixed(2)}%`;
  if (pct >= 0.01) return `${pct.toFixed(3)}%`;
  return `${pct.toPrecision(2)}%`;
}

export function formatNumber(x: number | null, digits = 2): string {
  if (x === null) return '-';
  // NaN is a size nobody gave (manual and uniform mixtures need none).
  if (Number.isNaN(x)) return 'unknown';
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}
