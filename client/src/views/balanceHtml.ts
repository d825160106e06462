// The Balance Preview's HTML shell: no WASM, so the strict policy (the canvas PNG export uses data: URLs it makes itself).
import { buildWebviewHtml, webviewCsp, type WebviewHtmlInput } from './webviewHtml';

export { makeNonce } from './webviewHtml';
export type BalanceHtmlInput = WebviewHtmlInput;

export function balanceCsp(cspSource: string, nonce: string): string {
  return webviewCsp(cspSource, nonce);
}

export function buildBalanceHtml(input: BalanceHtmlInput): string {
  return buildWebviewHtml({ ...input, title: 'Balance Preview', csp: {} });
}
