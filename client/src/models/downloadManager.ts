// Downloads a hub model's export files into a cache folder: resumable (`.part` files continued with a Range
// request, also after a broken connection), verified against the listing's sizes and hashes, cancellable, and
// recorded in a per-precision manifest so that a cached model opens with no network at all.
// Each model has its own folder, named by a hash of its id and revision, holding the id it was made for: a cached
// model is served only when the folder says it is that model, so one model can never be served for another.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ModelDownloadError } from './downloadErrors';
import { httpGet } from './httpGet';
import { fetchHubListing, fileUrl, type HubFile } from './hubListing';
import { candidatePaths } from './localModel';
import { cacheFolderName, hubIdProblem, selectModelFiles, type Precision } from './modelSpec';

export interface DownloadProgress {
  /** The file being fetched now. */
  file: string;
  /** Bytes on disk so far, over all the model's files (resumed parts included). */
  received: number;
  total: number;
}

export interface HubModelRequest {
  /** e.g. https://huggingface.co, or a mirror with the same API. */
  base: string;
  id: string;
  revision: string;
  precision: Precision;
  /** Folder holding every downloaded model (the extension's global storage + /models). */
  cacheRoot: string;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Extra tries after a broken connection, each resuming where the last stopped. Default 2. */
  retries?: number;
  idleTimeoutMs?: number;
}

export interface LocalModelFiles {
  dir: string;
  precision: Precision;
  files: string[];
  notes: string[];
}

interface Manifest {
  id: string;
  revision: string;
  precision: Precision;
  files: HubFile[];
  notes: string[];
}

/** The model's folder in the cache; throws on an id or revision that is not a hub's (see hubIdProblem). */
export function modelCacheDir(req: Pick<HubModelRequest, 'cacheRoot' | 'id' | 'revision'>): string {
  return join(req.cacheRoot, cacheFolderName(req.id, req.revision));
}

const manifestPath = (dir: string, precision: Precision) => join(dir, `.taskmix-${precision}.json`);
/** Written first into a model's folder: which id and revision its files (partial ones included) belong to. */
const identityPath = (dir: string) => join(dir, '.taskmix-model.json');

/** The export files a manifest may name: a manifest naming anything else (`../x`) is not ours. */
const KNOWN_FILES = new Set(candidatePaths());

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The manifest at `path` when it is well formed and made for this id and revision; else undefined. */
function readManifest(path: string, req: Pick<HubModelRequest, 'id' | 'revision'>): Manifest | undefined {
  const m = readJson(path);
  if (!isRecord(m) || m.id !== req.id || m.revision !== req.revision) return undefined;
  if (m.precision !== 'q8' && m.precision !== 'fp32') return undefined;
  if (!Array.isArray(m.notes) || !m.notes.every((n) => typeof n === 'string')) return undefined;
  if (!Array.isArray(m.files) || m.files.length === 0) return undefined;
  for (const f of m.files as unknown[]) {
    if (!isRecord(f) || typeof f.path !== 'string' || !KNOWN_FILES.has(f.path) || !Number.isSafeInteger(f.size) || (f.size as number) < 0) return undefined;
  }
  return m as unknown as Manifest;
}

function holdsModel(dir: string, req: Pick<HubModelRequest, 'id' | 'revision'>): boolean {
  const identity = readJson(identityPath(dir));
  return isRecord(identity) && identity.id === req.id && identity.revision === req.revision;
}

/**
 * The model as downloaded earlier for this precision, when its folder and manifest are this id's and revision's and
 * every file is still there with its size; else undefined (an id or revision that is not a hub's included).
 */
export function cachedHubModel(req: HubModelRequest): LocalModelFiles | undefined {
  if (hubIdProblem(req.id, req.revision) !== undefined) return undefined;
  const dir = modelCacheDir(req);
  if (!holdsModel(dir, req)) return undefined;
  const manifest = readManifest(manifestPath(dir, req.precision), req);
  if (!manifest) return undefined;
  for (const f of manifest.files) {
    const p = join(dir, f.path);
    if (!existsSync(p) || statSync(p).size !== f.size) return undefined;
  }
  return { dir, precision: manifest.precision, files: manifest.files.map((f) => f.path), notes: manifest.notes };
}

/** Makes `dir` this model's folder: one that holds anything else (or no identity) is emptied first. */
function claimFolder(dir: string, req: HubModelRequest): void {
  if (holdsModel(dir, req)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(identityPath(dir), JSON.stringify({ id: req.id, revision: req.revision }));
}

/** What the panel says when the hub listed files without a hash: they were checked by size only. */
export function unverifiedNote(files: readonly HubFile[]): string | undefined {
  const unhashed = files.filter((f) => !f.sha256 && !f.gitSha1).map((f) => f.path);
  if (unhashed.length === 0) return undefined;
  const all = unhashed.length === files.length;
  return `The hub gave no hash for ${all ? 'any file' : unhashed.join(', ')}: ${all || unhashed.length > 1 ? 'they were' : 'it was'} checked by size only, so a changed file would not be noticed.`;
}

/** Total bytes of what a download would fetch (for "Download (95 MB)"), from the hub listing. */
export async function plannedDownload(req: HubModelRequest, signal?: AbortSignal): Promise<{ files: HubFile[]; precision: Precision; notes: string[]; missing: string[] }> {
  const problem = hubIdProblem(req.id, req.revision);
  if (problem !== undefined) throw new ModelDownloadError('BAD_ID', `not a Hugging Face model id: ${problem}`);
  const listing = await fetchHubListing(req.base, req.id, req.revision, signal);
  const byPath = new Map(listing.map((f) => [f.path, f]));
  const selection = selectModelFiles(new Set(byPath.keys()), req.precision);
  return { files: selection.files.map((p) => byPath.get(p)!), precision: selection.precision, notes: selection.notes, missing: selection.missing };
}

/** Downloads (or resumes) the files the playground needs, verifies them, and returns the folder. */
export async function downloadHubModel(req: HubModelRequest, options: DownloadOptions = {}): Promise<LocalModelFiles> {
  const problem = hubIdProblem(req.id, req.revision);
  if (problem !== undefined) throw new ModelDownloadError('BAD_ID', `not a Hugging Face model id: ${problem}`);
  const cached = cachedHubModel(req);
  if (cached) return cached;
  const plan = await plannedDownload(req, options.signal);
  if (plan.missing.length) {
    throw new ModelDownloadError('NOT_FOUND', `${req.id} has no ${plan.missing.join(', ')}: it is not a T5 export in the ONNX layout (config.json, tokenizer.json, onnx/*.onnx)`);
  }
  const unverified = unverifiedNote(plan.files);
  const notes = unverified ? [...plan.notes, unverified] : plan.notes;
  const dir = modelCacheDir(req);
  claimFolder(dir, req);
  const total = plan.files.reduce((a, f) => a + f.size, 0);
  const onDisk = new Map<string, number>();
  const report = (file: string) => options.onProgress?.({ file, received: [...onDisk.values()].reduce((a, b) => a + b, 0), total });
  for (const f of plan.files) onDisk.set(f.path, existingBytes(join(dir, f.path), f.size));
  for (const f of plan.files) {
    await downloadFile(fileUrl(req.base, req.id, req.revision, f.path), join(dir, f.path), f, options, (bytes) => {
      onDisk.set(f.path, bytes);
      report(f.path);
    });
  }
  const manifest: Manifest = { id: req.id, revision: req.revision, precision: plan.precision, files: plan.files, notes };
  writeFileSync(manifestPath(dir, req.precision), JSON.stringify(manifest, null, 1));
  return { dir, precision: plan.precision, files: plan.files.map((f) => f.path), notes };
}

function existingBytes(dest: string, size: number): number {
  if (existsSync(dest) && statSync(dest).size === size) return size;
  const part = dest + '.part';
  return existsSync(part) ? Math.min(statSync(part).size, size) : 0;
}

/** Checks a finished file against the hub's hash, if it gave one. */
async function verifyHash(path: string, file: HubFile): Promise<void> {
  if (!file.sha256 && !file.gitSha1) return;
  const hash = createHash(file.sha256 ? 'sha256' : 'sha1');
  // A git blob id hashes a header before the content.
  if (!file.sha256) hash.update(`blob ${file.size}\0`);
  await pipeline(createReadStream(path), hash);
  const got = hash.digest('hex');
  const want = file.sha256 ?? file.gitSha1!;
  if (got !== want) {
    throw new ModelDownloadError('HASH_MISMATCH', `${file.sha256 ? 'sha256' : 'git sha1'} is ${got}, the hub says ${want}; the file was deleted, download again`, file.path);
  }
}

function contentRangeStart(header: string | undefined): { start: number; total: number | undefined } | undefined {
  const m = header && /^bytes\s+(\d+)-\d+\/(\d+|\*)/.exec(header);
  return m ? { start: Number(m[1]), total: m[2] === '*' ? undefined : Number(m[2]) } : undefined;
}

async function downloadFile(url: string, dest: string, file: HubFile, options: DownloadOptions, onBytes: (bytesOnDisk: number) => void): Promise<void> {
  if (existsSync(dest) && statSync(dest).size === file.size) {
    try {
      await verifyHash(dest, file);
      return;
    } catch {
      rmSync(dest, { force: true });
    }
  }
  mkdirSync(dirname(dest), { recursive: true });
  const part = dest + '.part';
  const tries = 1 + (options.retries ?? 2);
  for (let attempt = 1; ; attempt++) {
    let have = existsSync(part) ? statSync(part).size : 0;
    if (have > file.size) {
      rmSync(part, { force: true });
      have = 0;
    }
    if (have === file.size) break;
    try {
      await fetchInto(url, part, have, file, options, onBytes);
      break;
    } catch (e) {
      const error = e instanceof ModelDownloadError ? e : new ModelDownloadError('DISK', `cannot write ${part} (${(e as Error).message})`, file.path);
      if (error.code === 'SIZE_MISMATCH') rmSync(part, { force: true });
      if (error.code !== 'INTERRUPTED' || attempt >= tries || options.signal?.aborted) {
        throw error.file ? error : new ModelDownloadError(error.code, error.message, file.path);
      }
    }
  }
  try {
    await verifyHash(part, file);
  } catch (e) {
    rmSync(part, { force: true });
    onBytes(0);
    throw e;
  }
  renameSync(part, dest);
}

async function fetchInto(url: string, part: string, have: number, file: HubFile, options: DownloadOptions, onBytes: (n: number) => void): Promise<void> {
  const res = await httpGet(url, { signal: options.signal, rangeStart: have, idleTimeoutMs: options.idleTimeoutMs });
  let offset = 0;
  if (res.status === 206) {
    const range = contentRangeStart(res.headers['content-range']);
    if (!range || range.start !== have) {
      res.body.resume();
      throw new ModelDownloadError('HTTP', `the server resumed at the wrong place (${res.headers['content-range'] ?? 'no Content-Range'})`);
    }
    if (range.total !== undefined && range.total !== file.size) {
      res.body.resume();
      throw new ModelDownloadError('SIZE_MISMATCH', `the server has ${range.total} bytes, the listing says ${file.size}`);
    }
    offset = have;
  } else if (res.status === 416) {
    // Our part is not a prefix the server recognizes: start over.
    res.body.resume();
    rmSync(part, { force: true });
    throw new ModelDownloadError('INTERRUPTED', 'the server refused to resume; starting over');
  } else if (res.status !== 200) {
    res.body.resume();
    throw new ModelDownloadError(res.status === 404 ? 'NOT_FOUND' : 'HTTP', `${res.url} answered HTTP ${res.status}`);
  }
  const remaining = file.size - offset;
  const length = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
  if (length !== undefined && length !== remaining) {
    res.body.resume();
    throw new ModelDownloadError('SIZE_MISMATCH', `the server sends ${offset + length} bytes, the listing says ${file.size}`);
  }
  const onAbort = () => res.body.destroy(new ModelDownloadError('CANCELLED', 'cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let received = 0;
  let lastReport = 0;
  try {
    await pipeline(
      res.body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > remaining) throw new ModelDownloadError('SIZE_MISMATCH', `the server sent more than the ${file.size} bytes the listing says`);
          yield chunk;
          // Progress every 64 KiB keeps the notification cheap on fast links and alive on slow ones.
          if (received - lastReport >= 65_536 || received === remaining) {
            lastReport = received;
            onBytes(offset + received);
          }
        }
      },
      createWriteStream(part, { flags: offset ? 'a' : 'w' }),
    );
  } catch (e) {
    if (options.signal?.aborted) throw new ModelDownloadError('CANCELLED', 'cancelled');
    if (e instanceof ModelDownloadError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ENOSPC' || code === 'EACCES' || code === 'EROFS') throw new ModelDownloadError('DISK', `cannot write ${part} (${code})`);
    throw new ModelDownloadError('INTERRUPTED', `the download broke after ${offset + received} of ${file.size} bytes (${(e as Error).message})`);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  onBytes(offset + received);
  if (received < remaining) {
    throw new ModelDownloadError('INTERRUPTED', `the download stopped after ${offset + received} of ${file.size} bytes`);
  }
}
