// Balance Preview speed in headless Chromium, with the real view bundle and the real controller fed by the core:
//   1,000 tasks x the strategy columns: full render (state message -> drawn, and -> next frame);
//   one temperature-slider step at 1,000 tasks: request -> painted frame (through the host and the core);
//   a 200 x 200 transfer matrix: render in file order and clustered.
// Usage: npm run bench:balance   (needs /usr/bin/chromium and dist/webview/balance.js)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateMixtureText } from './gen-mixture';
import { BalanceTestHost, launchChromium } from '../test/browser/balanceTestHost';

const RUNS = 30;

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (n=${s.length})`;
}

/** A mixture of n tasks whose `results` give every pair a score except one in seven (missing cells). */
function transferMixture(n: number): string {
  const names = Array.from({ length: n }, (_, i) => `t${String(i).padStart(3, '0')}`);
  const lines = ['mixture: transfer_bench', 'tasks:'];
  names.forEach((t, i) => lines.push(`  - {name: ${t}, prefix: "${t}:", examples: ${1000 + i * 37}}`));
  lines.push('results:', '  metric: accuracy', `  single_task: {${names.map((t, i) => `${t}: ${50 + (i % 17)}`).join(', ')}}`, '  pairwise:');
  names.forEach((t, i) => {
    const row = names.filter((_, j) => j !== i && (i * 31 + j * 17) % 7 !== 0).map((s, j) => `${s}: ${(50 + (i % 17) + Math.sin(i % 6) * 4 + (j % 3) - 1).toFixed(2)}`);
    lines.push(`    ${t}: {${row.join(', ')}}`);
  });
  return lines.join('\n') + '\n';
}

/** Re-sends the host's last state to the view `RUNS` times: [synchronous render, to the next frame] in ms. */
async function timeStateRender(host: BalanceTestHost): Promise<{ sync: number[]; frame: number[] }> {
  const state = [...host.toView].reverse().find((m) => m.type === 'state')!;
  return host.page.evaluate(async ({ msg, runs }) => {
    const sync: number[] = [];
    const frame: number[] = [];
    for (let i = 0; i < runs; i++) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: msg }));
      sync.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      frame.push(performance.now() - t0);
    }
    return { sync, frame };
  }, { msg: state as unknown, runs: RUNS });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-bench-balance-'));
  const browser = await launchChromium();
  try {
    const bigUri = pathToFileURL(join(dir, 'generated_1000.mixture.yaml')).toString();
    const host = await BalanceTestHost.open(browser, bigUri, generateMixtureText(1000, 1), 'dark', { width: 1280, height: 900 });
    const first = await host.waitForPosted((m) => m.type === 'state', 0, 60000);
    const columns = first.type === 'state' ? first.state.comparison?.columns.length ?? 0 : 0;
    await host.page.waitForFunction(() => performance.getEntriesByName('balance:render').length > 0);
    const strategies = await timeStateRender(host);
    console.log(`Strategies, 1,000 tasks x ${columns} strategies, full render (state message -> drawn): ${stats(strategies.sync)}`);
    console.log(`Strategies, 1,000 tasks x ${columns} strategies, state message -> next frame:       ${stats(strategies.frame)}`);

    // Slider: each step is a what-if request through the host to the core and back, then bars and figures redrawn.
    await host.page.click('#tab-temperature');
    await host.page.waitForFunction(() => performance.getEntriesByName('balance:whatif').length > 0);
    const slider = await host.page.evaluate(async (runs) => {
      const input = document.querySelector('#temperature-slider') as HTMLInputElement;
      const out: number[] = [];
      const view: number[] = [];
      const drawn: number[] = [];
      for (let i = 0; i < runs; i++) {
        const before = performance.getEntriesByName('balance:whatif').length;
        input.value = String(0.1 + (i % 40) * 0.045);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        while (performance.getEntriesByName('balance:whatif').length === before) await new Promise((r) => setTimeout(r, 1));
        const entries = performance.getEntriesByName('balance:whatif');
        out.push(entries[entries.length - 1]!.duration);
        view.push(performance.getEntriesByName('balance:whatif-view').slice(-1)[0]!.duration);
        drawn.push(performance.getEntriesByName('balance:whatif-drawn').slice(-1)[0]!.duration);
      }
      return { out, view, drawn };
    }, RUNS);
    console.log(`Temperature slider step at 1,000 tasks, request -> painted frame (host + core + view): ${stats(slider.out)}`);
    console.log(`Temperature slider step at 1,000 tasks, answer received -> painted frame (the view):  ${stats(slider.view)}`);
    console.log(`  of which the view's own work (answer received -> unpacked and drawn):             ${stats(slider.drawn)}`);
    await host.close();

    const tUri = pathToFileURL(join(dir, 'transfer_200.mixture.yaml')).toString();
    const th = await BalanceTestHost.open(browser, tUri, transferMixture(200), 'dark', { width: 1280, height: 900 });
    await th.waitForPosted((m) => m.type === 'state', 0, 60000);
    await th.page.click('#tab-transfer');
    await th.page.waitForFunction(() => performance.getEntriesByName('balance:render').length > 0);
    const transfer = await timeStateRender(th);
    console.log(`Transfer 200 x 200 (file order), full render incl. strategies (state -> drawn):      ${stats(transfer.sync)}`);
    console.log(`Transfer 200 x 200 (file order), state message -> next frame:                        ${stats(transfer.frame)}`);
    const clusterMs: number = await th.page.evaluate(async () => {
      const select = document.querySelector('#panel-transfer select') as HTMLSelectElement;
      select.value = 'clustered';
      const t0 = performance.now();
      select.dispatchEvent(new Event('change'));
      return performance.now() - t0;
    });
    console.log(`Transfer 200 x 200, switch to clustered order (clustering + redraw):                 ${clusterMs.toFixed(2)} ms`);
    const clustered = await timeStateRender(th);
    console.log(`Transfer 200 x 200 (clustered), full render (state -> drawn):                        ${stats(clustered.sync)}`);
    if (host.pageErrors.length || th.pageErrors.length) console.log('page errors:', [...host.pageErrors, ...th.pageErrors]);
    await th.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
