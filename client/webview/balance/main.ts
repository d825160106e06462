// The Balance Preview webview: a shell with four tabs, fed only by the host's messages (the numbers come from the
// language server). It says `ready` first and renders nothing numeric before the host's first state.
import { balanceTabs, parseToBalanceView, type BalanceState, type BalanceTab, type ExportFormat, type ToBalanceView } from '../../../contracts/balanceMessages';
import { unpackWhatIf, type HeldTasks } from '../../../contracts/whatIf';
import { DynamicsTab } from './dynamicsTab';
import { StrategiesTab } from './strategiesTab';
import type { BalanceTabView } from './tab';
import { TemperatureTab } from './temperatureTab';
import { h } from './theme';
import { Tooltip } from './tooltip';
import { TransferTab } from './transferTab';
import { loadViewState, post, saveViewState } from './vscodeApi';

const view = loadViewState();
const tooltip = new Tooltip();
const revealTask = (name: string) => post({ type: 'revealTask', name });
let nextRequestId = 1;
let state: BalanceState | null = null;
/** The task list of the server's what-if answers (sent only when it changes), under the key the server gave it. */
let whatIfTasks: HeldTasks | undefined;

const strategies = new StrategiesTab(tooltip, view.colorMode, view.sort, (colorMode, sort) => persist({ colorMode, sort }), revealTask);
const temperature = new TemperatureTab(tooltip, {
  request: (t, cap) => {
    const requestId = nextRequestId++;
    post({ type: 'whatIf', requestId, temperature: t, cap, ...(whatIfTasks ? { tasksKey: whatIfTasks.key } : {}) });
    return requestId;
  },
  apply: (t, cap) => post({ type: 'applyTemperature', temperature: t, cap }),
  revealTask,
});
const transfer = new TransferTab(tooltip, view.transferOrder, (transferOrder) => persist({ transferOrder }), revealTask);
const dynamics = new DynamicsTab(() => post({ type: 'loadDynamics' }));
const tabs: Record<BalanceTab, BalanceTabView> = { strategies, temperature, transfer, dynamics };
const tabTitles: Record<BalanceTab, string> = { strategies: 'Strategies', temperature: 'Temperature', transfer: 'Transfer', dynamics: 'Training dynamics' };

const title = h('h2', { class: 'title' }, 'Balance preview');
const banner = h('div', { class: 'banner', role: 'status', hidden: '' });
const diagnostics = h('section', { class: 'diagnostics', hidden: '', 'aria-live': 'polite' });
const tabButtons = balanceTabs.map((t) => h('button', { type: 'button', role: 'tab', id: `tab-${t}`, 'aria-controls': `panel-${t}`, 'data-tab': t }, tabTitles[t]));
const tabList = h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Balance views' }, ...tabButtons);
const tableToggle = h('input', { type: 'checkbox', id: 'table-toggle' });
tableToggle.checked = view.table;
const exportButtons = (['png', 'svg', 'csv'] as ExportFormat[]).map((f) => h('button', { type: 'button', 'data-export': f, title: `Export the current view as ${f.toUpperCase()}` }, f.toUpperCase()));
const toolbar = h('div', { class: 'toolbar' }, tabList, h('span', { class: 'spacer' }), h('label', { for: 'table-toggle' }, tableToggle, ' Show as table'), h('span', { class: 'export' }, 'Export ', ...exportButtons));
const content = h('div', { class: 'content' }, ...balanceTabs.map((t) => tabs[t].element));
document.body.append(h('header', {}, title, banner, toolbar), diagnostics, content, tooltip.element);

function persist(patch: Partial<typeof view>): void {
  Object.assign(view, patch);
  saveViewState(view);
}

function selectTab(tab: BalanceTab, focus = false): void {
  persist({ tab });
  balanceTabs.forEach((t, i) => {
    const on = t === tab;
    tabButtons[i]!.setAttribute('aria-selected', String(on));
    tabButtons[i]!.tabIndex = on ? 0 : -1;
    tabs[t].element.hidden = !on;
    if (on && focus) tabButtons[i]!.focus();
  });
  tooltip.hide();
  tabs[tab].shown();
}

tabButtons.forEach((b, i) => {
  b.addEventListener('click', () => selectTab(balanceTabs[i]!));
  b.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step) selectTab(balanceTabs[(i + step + balanceTabs.length) % balanceTabs.length]!, true);
  });
});
tableToggle.addEventListener('change', () => {
  persist({ table: tableToggle.checked });
  for (const t of balanceTabs) tabs[t].setTableMode(tableToggle.checked);
});
for (const b of exportButtons) {
  b.addEventListener('click', () => {
    const format = b.dataset.export as ExportFormat;
    const out = tabs[view.tab].exportAs(format);
    if (out.data === null) return showNotice('Nothing to export in this view yet.');
    post({ type: 'export', format, fileName: out.fileName, data: out.data });
  });
}

function showNotice(message: string): void {
  banner.textContent = message;
  banner.hidden = false;
}

/** The diagnostics summary (an empty or invalid file never shows a blank panel) and the stale banner. */
function renderDiagnostics(s: BalanceState): void {
  const d = s.diagnostics;
  const first = d.items.findIndex((i) => i.severity === 'error');
  const goTo = (index: number, text: string) => {
    const a = h('a', { href: '#', class: 'goto' }, text);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'revealDiagnostic', index });
    });
    return a;
  };
  if (s.stale) {
    banner.replaceChildren(`${s.fileName} has ${d.errors} error(s): these are the rates of its last valid version. `, ...(first >= 0 ? [goTo(first, 'Go to the first error')] : []));
    banner.hidden = false;
  } else banner.hidden = true;
  const broken = s.comparison === null;
  diagnostics.hidden = !broken;
  content.hidden = broken;
  if (!broken) return;
  const list = h('ul');
  d.items.forEach((item, i) => list.append(h('li', { class: item.severity }, goTo(i, `line ${item.line + 1}`), ` ${item.severity} [${item.code}]: ${item.message}`)));
  const heading = d.errors > 0 ? `${d.errors} error(s) and ${d.warnings} warning(s) keep ${s.fileName} from having rates.` : `${s.fileName} has no tasks with rates yet.`;
  diagnostics.replaceChildren(h('h3', {}, heading), ...(first >= 0 ? [h('p', {}, goTo(first, 'Go to the first error'))] : []), list);
}

function onState(s: BalanceState): void {
  performance.mark('balance:state');
  const sameFile = state?.uri === s.uri;
  state = s;
  persist({ uri: s.uri });
  title.textContent = `Balance preview: ${s.comparison?.mixture ?? s.fileName}`;
  renderDiagnostics(s);
  strategies.update(s);
  temperature.update(s, sameFile);
  transfer.update(s);
  dynamics.invalidate(s.comparison?.mixture ?? 'mixture', view.tab === 'dynamics');
  performance.measure('balance:render', 'balance:state');
}

function onMessage(msg: ToBalanceView): void {
  switch (msg.type) {
    case 'state':
      return onState(msg.state);
    case 'diagnostics':
      // Only the summary and the banner's link change: nothing numeric is drawn again, nothing asked again.
      if (!state || msg.uri !== state.uri) return;
      state = { ...state, diagnostics: msg.diagnostics };
      return renderDiagnostics(state);
    case 'whatIfRates': {
      performance.mark('balance:whatif-received');
      // Every answer updates the task list, even one the tab then drops as superseded: the server sends the list only
      // when it changes, so a dropped answer may be the one that carried it.
      if (!msg.result) return temperature.onRates(msg.requestId, null, msg.error);
      const unpacked = unpackWhatIf(msg.result, whatIfTasks);
      if (!unpacked) return temperature.onRates(msg.requestId, null, 'the answer did not match the task list it was sent for');
      whatIfTasks = unpacked.held;
      return temperature.onRates(msg.requestId, unpacked.result, msg.error);
    }
    case 'dynamics':
      if (state && msg.uri === state.uri) dynamics.setData(msg.result, msg.error);
      return;
    case 'notice':
      return showNotice(msg.message);
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const msg = parseToBalanceView(e.data);
  if (msg) onMessage(msg);
});

selectTab(view.tab);
if (view.table) for (const t of balanceTabs) tabs[t].setTableMode(true);
post({ type: 'ready' });
