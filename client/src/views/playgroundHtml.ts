// The T5 Playground's HTML shell. Its CSP is the only one with 'wasm-unsafe-eval' (onnxruntime-web compiles its
// .wasm) and with blob: workers (the page turns the worker bundle and ORT's glue into blob: URLs, because code in a
// worker must never fetch a webview URI itself).
import { randomBytes } from 'node:crypto';

export interface PlaygroundHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** webview URIs of dist/webview/playground.js and media/playground.css */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function playgroundCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    // blob: lets the worker import ORT's glue from the page-made blob: URL (a blob worker inherits this policy).
    `script-src 'nonce-${nonce}' ${cspSource} 'wasm-unsafe-eval' blob:`,
    `connect-src ${cspSource}`,
    `worker-src blob:`,
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function buildPlaygroundHtml(input: PlaygroundHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(playgroundCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>T5 Playground</title>
</head>
<body>
<div id="app" aria-live="polite">Loading the playground…</div>
<script type="module" nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
