// GET over node:http/https (which VS Code patches for its proxy settings, unlike fetch in older hosts), following
// redirects, with an optional Range start, cancellation, and an idle timeout so a stalled mirror never hangs.
import * as http from 'node:http';
import * as https from 'node:https';
import { ModelDownloadError } from './downloadErrors';

export interface HttpGetOptions {
  signal?: AbortSignal;
  /** Ask for bytes from this offset on (a `Range: bytes=N-` header). */
  rangeStart?: number;
  /** Give up when no data arrives for this long, ms. */
  idleTimeoutMs?: number;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The final URL after redirects. */
  url: string;
  body: http.IncomingMessage;
}

const MAX_REDIRECTS = 8;

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ECONNRESET', 'ETIMEDOUT']);

/** Turns a socket-level failure into a ModelDownloadError: OFFLINE when no connection could be made. */
export function networkError(e: unknown, url: string, connected: boolean): ModelDownloadError {
  if (e instanceof ModelDownloadError) return e;
  const code = (e as { code?: string }).code ?? '';
  const message = (e as Error).message ?? String(e);
  if (!connected && OFFLINE_CODES.has(code)) {
    return new ModelDownloadError('OFFLINE', `cannot reach ${new URL(url).host} (${code})`);
  }
  return new ModelDownloadError('INTERRUPTED', `the connection to ${new URL(url).host} broke (${code || message})`);
}

export function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpResponse> {
  return get(url, options, 0);
}

function get(url: string, options: HttpGetOptions, redirects: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new ModelDownloadError('CANCELLED', 'cancelled'));
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new ModelDownloadError('HTTP', `not a valid URL: ${url}`));
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return reject(new ModelDownloadError('HTTP', `unsupported protocol in ${url}`));
    const headers: Record<string, string> = { 'user-agent': 'taskmix-vscode', ...options.headers };
    if (options.rangeStart) headers['range'] = `bytes=${options.rangeStart}-`;
    const lib = target.protocol === 'https:' ? https : http;
    let connected = false;
    const req = lib.get(target, { headers }, (res) => {
      connected = true;
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return reject(new ModelDownloadError('HTTP', `too many redirects from ${url}`));
        return resolve(get(new URL(location, target).toString(), options, redirects + 1));
      }
      options.signal?.removeEventListener('abort', onAbort);
      // The caller owns the body from here; cancellation while reading is its job (it destroys the body).
      resolve({ status, headers: res.headers, url: target.toString(), body: res });
    });
    req.setTimeout(options.idleTimeoutMs ?? 30_000, () => req.destroy(Object.assign(new Error('no data for too long'), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => reject(options.signal?.aborted ? new ModelDownloadError('CANCELLED', 'cancelled') : networkError(e, url, connected)));
    const onAbort = () => req.destroy(new ModelDownloadError('CANCELLED', 'cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a whole (small) response body as text. */
export async function readBodyText(res: HttpResponse, limitBytes = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      res.body.destroy();
      throw new ModelDownloadError('BAD_LISTING', `the response from ${res.url} is larger than ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
