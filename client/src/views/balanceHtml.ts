// The Balance Preview's HTML shell: CSP `default-src 'none'`, the one script by nonce, styles and images from the
// webview's own resource roots only (the canvas PNG export uses data: URLs it creates itself).
import { randomBytes } from 'node:crypto';

export interface BalanceHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** webview.asWebviewUri of dist/webview/balance.js and media/balance.css */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function balanceCsp(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function buildBalanceHtml(input: BalanceHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(balanceCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(input.styleUri)}">
<title>Balance Preview</title>
</head>
<body>
<script type="module" nonce="${escapeAttr(input.nonce)}" src="${escapeAttr(input.scriptUri)}"></script>
</body>
</html>`;
}
