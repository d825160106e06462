// Axis labels that never overlap: truncated to the room they have (full name in the tooltip), and thinned out
// when rows are shorter than a line of text.

/** The longest prefix of `text` plus '…' whose measured width fits `maxWidth` (the text itself if it fits). */
export function truncateLabel(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(text.slice(0, mid) + '…') <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? (measure('…') <= maxWidth ? '…' : '') : text.slice(0, lo) + '…';
}

/** Draw every k-th label so that labels `lineHeight` tall on slots `slotSize` apart do not overlap. */
export function labelStride(slotSize: number, lineHeight: number): number {
  if (slotSize <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.max(1, Math.ceil(lineHeight / slotSize));
}
