// The status-bar item with the active mixture's summary, fed by the server's taskmix/ratesChanged.
import * as vscode from 'vscode';
import { ShowBalancePreviewCommand } from '../../contracts/commands';
import type { RatesChangedParams } from '../../contracts/lsp';
import { statusView } from './statusText';

export function registerStatusBar(ratesChanged: vscode.Event<RatesChangedParams>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('taskmix.summary', vscode.StatusBarAlignment.Left, 50);
  item.name = 'TaskMix';
  const latest = new Map<string, RatesChangedParams>();

  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const params = doc && doc.languageId === 'mixture-yaml' ? latest.get(doc.uri.toString()) : undefined;
    if (!doc || !params) {
      item.hide();
      return;
    }
    const view = statusView(params.summary, params.stale);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = { title: 'Show Balance Preview', command: ShowBalancePreviewCommand, arguments: [doc.uri.toString()] };
    item.show();
  };

  const subscriptions = [
    item,
    ratesChanged((params) => {
      latest.set(params.uri, params);
      update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      latest.delete(doc.uri.toString());
      update();
    }),
  ];
  update();
  return vscode.Disposable.from(...subscriptions);
}
