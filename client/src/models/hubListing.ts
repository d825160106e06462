// The file listing of a hub model (`GET {base}/api/models/{id}/tree/{revision}?recursive=true`): paths, sizes, and
// the hashes the hub gives (sha256 of LFS files; the git blob sha1 of the others). Follows `Link: rel="next"` pages.
import { ModelDownloadError } from './downloadErrors';
import { httpGet, readBodyText } from './httpGet';

export interface HubFile {
  path: string;
  size: number;
  /** sha256 hex of the content, for LFS (and Xet) files. */
  sha256?: string;
  /** git blob sha1 hex, for files stored in git itself. */
  gitSha1?: string;
}

export function listingUrl(base: string, id: string, revision: string): string {
  return `${trimBase(base)}/api/models/${id}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

export function fileUrl(base: string, id: string, revision: string, path: string): string {
  return `${trimBase(base)}/${id}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

const trimBase = (base: string) => base.replace(/\/+$/, '');

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The files of one listing page; throws BAD_LISTING on anything that is not the hub's shape. */
export function parseListing(text: string, url: string): HubFile[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ModelDownloadError('BAD_LISTING', `${url} did not answer with JSON (is the mirror URL right?)`);
  }
  if (!Array.isArray(value)) throw new ModelDownloadError('BAD_LISTING', `${url} did not answer with a list of files`);
  const files: HubFile[] = [];
  for (const entry of value as unknown[]) {
    const e = entry as { type?: unknown; path?: unknown; size?: unknown; oid?: unknown; lfs?: { oid?: unknown; size?: unknown } };
    if (typeof e !== 'object' || e === null || e.type !== 'file') continue;
    if (typeof e.path !== 'string' || typeof e.size !== 'number' || !Number.isSafeInteger(e.size) || e.size < 0) {
      throw new ModelDownloadError('BAD_LISTING', `${url} lists a file without a path and size`);
    }
    const file: HubFile = { path: e.path, size: e.size };
    if (e.lfs && typeof e.lfs.oid === 'string' && HEX64.test(e.lfs.oid)) {
      file.sha256 = e.lfs.oid;
      if (typeof e.lfs.size === 'number') file.size = e.lfs.size;
    } else if (typeof e.oid === 'string' && HEX40.test(e.oid)) file.gitSha1 = e.oid;
    files.push(file);
  }
  return files;
}

/** The URL of the next page from a `Link` header, if any. */
export function nextPageUrl(link: string | undefined, current: string): string | undefined {
  if (!link) return undefined;
  const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
  return m ? new URL(m[1]!, current).toString() : undefined;
}

export async function fetchHubListing(base: string, id: string, revision: string, signal?: AbortSignal): Promise<HubFile[]> {
  const files: HubFile[] = [];
  let url: string | undefined = listingUrl(base, id, revision);
  for (let page = 0; url && page < 100; page++) {
    const res = await httpGet(url, { signal, headers: { accept: 'application/json' } });
    if (res.status === 404 || res.status === 401) {
      res.body.resume();
      throw new ModelDownloadError('NOT_FOUND', `no model "${id}" (revision ${revision}) at ${new URL(url).host} (HTTP ${res.status}; private and gated models are not supported)`);
    }
    if (res.status !== 200) {
      res.body.resume();
      throw new ModelDownloadError('HTTP', `${url} answered HTTP ${res.status}`);
    }
    files.push(...parseListing(await readBodyText(res), url));
    const link = res.headers.link;
    url = nextPageUrl(Array.isArray(link) ? link.join(', ') : link, url);
  }
  return files;
}
