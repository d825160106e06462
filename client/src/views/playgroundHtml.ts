// The T5 Playground's HTML shell: the only view whose policy allows WebAssembly and blob: workers.
import { buildWebviewHtml, webviewCsp, type WebviewHtmlInput } from './webviewHtml';

export { makeNonce } from './webviewHtml';
export type PlaygroundHtmlInput = WebviewHtmlInput;

export function playgroundCsp(cspSource: string, nonce: string): string {
  return webviewCsp(cspSource, nonce, { wasm: true });
}

export function buildPlaygroundHtml(input: PlaygroundHtmlInput): string {
  return buildWebviewHtml({ ...input, title: 'T5 Playground', csp: { wasm: true }, body: '<div id="app" aria-live="polite">Loading the playground…</div>\n' });
}
