// One subscription to the server's `taskmix/ratesChanged`, fanned out to every part that follows it (the status
// bar, the Balance Preview). The language client keeps ONE handler per notification method, so two parts that each
// called `client.onNotification` would silently replace each other.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RatesChangedNotification, type RatesChangedParams } from '../../contracts/lsp';

export class RatesChangedEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RatesChangedParams>();
  private readonly registration: vscode.Disposable;
  readonly onDidChange: vscode.Event<RatesChangedParams> = this.emitter.event;

  constructor(client: LanguageClient) {
    this.registration = client.onNotification(RatesChangedNotification.type, (params) => this.emitter.fire(params));
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}
