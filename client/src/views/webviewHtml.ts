// The one builder of every webview's HTML shell and Content Security Policy: `default-src 'none'`, scripts by
// nonce, styles/images/fonts from the webview's own resource roots. Only a view that runs WASM asks for
// 'wasm-unsafe-eval' and blob: workers (the playground: onnxruntime-web compiles its .wasm, and the page hands
// the worker blob: URLs, because code in a worker must never fetch a webview URI itself).
import { randomBytes } from 'node:crypto';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export interface CspOptions {
  /** Allow WebAssembly compilation, blob: scripts and blob: workers, and fetches from the resource roots. */
  wasm?: boolean;
}

export function webviewCsp(cspSource: string, nonce: string, options: CspOptions = {}): string {
  const policy = [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`];
  if (options.wasm) {
    // blob: lets the worker import ORT's glue from the page-made blob: URL (a blob worker inherits this policy).
    policy.push(`script-src 'nonce-${nonce}' ${cspSource} 'wasm-unsafe-eval' blob:`, `connect-src ${cspSource}`, `worker-src blob:`);
  } else {
    policy.push(`script-src 'nonce-${nonce}'`);
  }
  return policy.join('; ');
}

export const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export interface WebviewHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** webview URIs of the view's bundle and stylesheet */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function buildWebviewHtml(input: WebviewHtmlInput & { title: string; csp: CspOptions; body?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(webviewCsp(input.cspSource, input.nonce, input.csp))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>${escapeAttr(input.title)}</title>
</head>
<body>
${input.body ?? ''}<script type="module" nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
