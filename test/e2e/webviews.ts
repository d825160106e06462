// Reaching into VS Code webviews from the workbench page: each webview is two nested iframes, and several may be
// open at once (the Balance Preview panel and the Playground view), so a webview is found by what it holds.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { pollFor } from './browser';

/** The document of the (first) ready webview that holds an element matching `selector`; `quietMs` is scaled (pace.ts). */
export async function webviewHolding(page: Page, selector: string, what: string, quietMs = 30_000): Promise<FrameLocator> {
  const outer = page.locator('iframe.webview.ready');
  return pollFor(`the ${what} webview (holding ${selector})`, async () => {
    const count = await outer.count();
    for (let i = 0; i < count; i++) {
      const frame = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('iframe#active-frame');
      if (await frame.locator(selector).count()) return frame;
    }
    return undefined;
  }, quietMs, { everyMs: 200 });
}

/** What a canvas shows: its size in pixels, how many of them are painted, and how many distinct colours. */
export interface CanvasInk {
  width: number;
  height: number;
  painted: number;
  colors: number;
}

interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Reads a canvas's pixels back (getImageData) and summarises them. */
export function canvasInk(canvas: Locator): Promise<CanvasInk> {
  return canvas.evaluate((node) => {
    // The project compiles without the DOM library: the few canvas members used here, typed by hand.
    const c = node as unknown as CanvasLike;
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return { width: c.width, height: c.height, painted: 0, colors: 0 };
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const colors = new Set<number>();
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      painted++;
      if (colors.size < 10_000) colors.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return { width: c.width, height: c.height, painted, colors: colors.size };
  });
}

/** The trimmed text of the first element matching `selector` in `frame`, or '' while there is none. */
export async function textIn(frame: FrameLocator, selector: string): Promise<string> {
  const node = frame.locator(selector).first();
  if (!(await node.count())) return '';
  return (await node.innerText()).trim();
}
