// What every tab offers the shell: its element, its table mode and its exports.
import type { ExportFormat } from '../../../contracts/balanceMessages';

export interface TabExport {
  fileName: string;
  /** Text for svg/csv, a data URL for png; null when the tab has nothing to export yet. */
  data: string | null;
}

export interface BalanceTabView {
  readonly element: HTMLElement;
  setTableMode(on: boolean): void;
  /** Called when the tab becomes visible (layouts need a size). */
  shown(): void;
  exportAs(format: ExportFormat): TabExport;
}

/** A labelled <select> whose options are [value, label] pairs. */
export function labelledSelect(label: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLLabelElement {
  const select = document.createElement('select');
  for (const [v, text] of options) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = text;
    select.append(o);
  }
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
  const l = document.createElement('label');
  l.append(`${label} `, select);
  return l;
}
