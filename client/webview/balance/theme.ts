// VS Code's theme, read from the CSS variables it sets on the webview, for what the canvas draws.
import type { SvgTheme } from './svgExport';

export interface CanvasTheme extends SvgTheme {
  focus: string;
  muted: string;
}

export function readTheme(): CanvasTheme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-editor-foreground', '#333333'),
    background: v('--vscode-editor-background', '#ffffff'),
    border: v('--vscode-panel-border', v('--vscode-editorWidget-border', '#888888')),
    focus: v('--vscode-focusBorder', '#0078d4'),
    muted: v('--vscode-descriptionForeground', '#777777'),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

/** A canvas sized in CSS pixels and backed at the device pixel ratio, so text stays crisp. */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** A tiny element builder: h('div', {class: 'x'}, child, 'text'). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, val] of Object.entries(attrs)) el.setAttribute(k, val);
  for (const c of children) el.append(c);
  return el;
}
