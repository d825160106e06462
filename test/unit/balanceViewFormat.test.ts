// Labels that never overlap, CSV/SVG exports, heatmap geometry and keyboard moves, dynamics helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelStride, truncateLabel } from '../../client/webview/balance/labels';
import { toCsv } from '../../client/webview/balance/csv';
import { formatEpochs, formatPercent, formatSignedPercent } from '../../client/webview/balance/format';
import { cellAt, heatmapGeometry, moveCursor, rowLabelAt, visibleRows } from '../../client/webview/balance/heatmapModel';
import { escapeXml, heatmapSvg } from '../../client/webview/balance/svgExport';
import { rateScale } from '../../client/webview/balance/scales';
import { epochLogRange, thresholdCrossings } from '../../client/webview/balance/dynamics';
import type { SamplingSimulation } from '../../contracts/balanceData';

const mono = (s: string) => s.length * 7;

test('labels are truncated to fit with an ellipsis, and thinned when rows are short', () => {
  assert.equal(truncateLabel('cola', 100, mono), 'cola');
  const t = truncateLabel('a_very_long_task_name_indeed', 70, mono);
  assert.ok(mono(t) <= 70 && t.endsWith('…') && 'a_very_long_task_name_indeed'.startsWith(t.slice(0, -1)));
  assert.equal(truncateLabel('abc', 3, mono), '');
  assert.equal(labelStride(22, 12), 1);
  assert.equal(labelStride(6, 12), 2);
  assert.equal(labelStride(2, 12), 6);
});

test('CSV quotes what needs quoting and leaves missing numbers empty', () => {
  assert.equal(toCsv([['a', 'b,c', 'say "hi"'], [1.5, null, NaN]]), 'a,"b,c","say ""hi"""\r\n1.5,,\r\n');
});

test('formats keep small rates apart', () => {
  assert.equal(formatPercent(0.043712), '4.37%');
  assert.equal(formatPercent(0.000123456), '0.0123%');
  assert.equal(formatEpochs(171.4), '171');
  assert.equal(formatEpochs(null), '—');
  assert.equal(formatSignedPercent(0.02), '+2.00%');
  assert.equal(formatSignedPercent(null), 'missing');
});

test('geometry, hit tests and visible rows agree for 1,000 rows', () => {
  const g = heatmapGeometry({ rows: 1000, cols: 10, availableWidth: 750, labelWidth: 150, headerHeight: 90, cellHeight: 6 });
  assert.equal(g.cellWidth, 60);
  assert.equal(g.bodyHeight, 6000);
  assert.deepEqual(cellAt(g, 150, 0), { row: 0, col: 0 });
  assert.deepEqual(cellAt(g, 749, 5999), { row: 999, col: 9 });
  assert.equal(cellAt(g, 149, 10), null);
  assert.equal(cellAt(g, 200, 6000), null);
  assert.equal(rowLabelAt(g, 10, 13), 2);
  assert.deepEqual(visibleRows(g, 3000, 300), [500, 550]);
  assert.deepEqual(moveCursor(g, { row: 0, col: 0 }, 'ArrowUp', 10), { row: 0, col: 0 });
  assert.deepEqual(moveCursor(g, { row: 5, col: 9 }, 'ArrowRight', 10), { row: 5, col: 9 });
  assert.deepEqual(moveCursor(g, { row: 995, col: 2 }, 'PageDown', 10), { row: 999, col: 2 });
  assert.deepEqual(moveCursor(g, { row: 5, col: 2 }, 'End', 10), { row: 999, col: 9 });
  assert.equal(moveCursor(g, { row: 5, col: 2 }, 'x', 10), null);
});

test('the SVG export draws every cell with the canvas colours, hatches missing cells and escapes names', () => {
  const scale = rateScale([0, 0.5], false);
  const values = [[0.5, NaN], [0.25, 0]];
  const g = heatmapGeometry({ rows: 2, cols: 2, availableWidth: 400, labelWidth: 150, headerHeight: 90, cellHeight: 22 });
  const svg = heatmapSvg({
    rowLabels: ['a<b', 'c&d'],
    colLabels: ['uniform', 'T=2'],
    highlightCol: 1,
    cellColor: (r, c) => (Number.isNaN(values[r]![c]!) ? null : scale.color(values[r]![c]!)),
    isMarked: (r, c) => r === 1 && c === 0,
    scale,
    legendTitle: 'rate',
    formatTick: (v) => formatPercent(v),
  }, g, { foreground: '#000', background: '#fff', border: '#888', font: 'sans-serif' });
  assert.equal((svg.match(/<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?" width="\d+" height="22" fill=/g) ?? []).length, 4);
  assert.ok(svg.includes(`fill="${scale.color(0.5)}"`));
  assert.equal((svg.match(/fill="url\(#missing\)"/g) ?? []).length, 1);
  assert.equal((svg.match(/<circle/g) ?? []).length, 1);
  assert.ok(svg.includes('a&lt;b') && svg.includes('c&amp;d') && !svg.includes('a<b'));
  assert.equal(escapeXml(`"'`), '&quot;&apos;');
});

test('dynamics: threshold crossings in step order and a log range covering data and threshold', () => {
  const d: SamplingSimulation = {
    mixture: 'm', steps: 100, batch_size: 8, seed: 0, method: 'per-example', spacing: 'linear', epoch_threshold: 10,
    checkpoints: [50, 100],
    tasks: [
      { name: 'b', examples: 1, rate: 0.5, counts: [200, 400], epochs: [200, 400], crossing_step: 3 },
      { name: 'a', examples: 1, rate: 0.4, counts: [150, 300], epochs: [150, 300], crossing_step: 3 },
      { name: 'c', examples: 1000, rate: 0.1, counts: [5, 80], epochs: [0.005, 0.08], crossing_step: null },
      { name: 'z', examples: 0, rate: 0, counts: [0, 0], epochs: [null, null], crossing_step: null },
    ],
  };
  assert.deepEqual(thresholdCrossings(d), { crossing: [{ name: 'a', step: 3 }, { name: 'b', step: 3 }], never: 2 });
  const [lo, hi] = epochLogRange(d);
  assert.ok(lo <= Math.log10(0.005) && hi >= Math.log10(400) && Number.isFinite(lo));
});
