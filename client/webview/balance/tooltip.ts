// One tooltip element for the whole view, kept inside the window.
import { h } from './theme';

export class Tooltip {
  readonly element = h('div', { class: 'tooltip', role: 'tooltip', hidden: '' });

  show(lines: string[], clientX: number, clientY: number): void {
    this.element.replaceChildren(...lines.map((l, i) => h('div', i === 0 ? { class: 'tooltip-title' } : {}, l)));
    this.element.hidden = false;
    const w = this.element.offsetWidth;
    const hgt = this.element.offsetHeight;
    const x = Math.min(clientX + 12, window.innerWidth - w - 4);
    const y = clientY + 12 + hgt > window.innerHeight ? clientY - hgt - 8 : clientY + 12;
    this.element.style.left = `${Math.max(4, x)}px`;
    this.element.style.top = `${Math.max(4, y)}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
