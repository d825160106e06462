// The mixture's tokenizer (spec 1.1, `tokenizer:`): a tokenizer.json, or a folder holding one (a Hugging Face model
// folder works), read with @huggingface/tokenizers together with the tokenizer_config.json beside it when there is
// one. Failures are values that say what is wrong (no file, not JSON, not a tokenizer), for a located diagnostic.
// Loaded tokenizers are kept while their files are unchanged: building a 32k-piece vocabulary takes a while.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

export interface LoadedTokenizer {
  /** Absolute path of the tokenizer.json read. */
  path: string;
  /** Identity of this version of the files (path, size, mtime), for cache keys of counts made with it. */
  key: string;
  /** The files' text, handed to the token workers, which build their own tokenizer from it. */
  json: string;
  config?: string;
  tokenizer: Tokenizer;
}

export type TokenizerFailureKind = 'missing' | 'not-json' | 'not-a-tokenizer';

export type TokenizerOutcome = { ok: true; tokenizer: LoadedTokenizer } | { ok: false; kind: TokenizerFailureKind; message: string };

/** Builds a tokenizer from tokenizer.json text (and tokenizer_config.json text); throws what the library throws. */
export function buildTokenizer(json: string, config: string | undefined): Tokenizer {
  return new Tokenizer(JSON.parse(json) as object, config === undefined ? {} : (JSON.parse(config) as object));
}

const fail = (kind: TokenizerFailureKind, message: string): TokenizerOutcome => ({ ok: false, kind, message });

export class TokenizerFiles {
  private readonly loaded = new Map<string, { key: string; outcome: Promise<TokenizerOutcome> }>();

  /** The tokenizer at `path` (a file, or a folder holding tokenizer.json). Never throws. */
  async load(path: string): Promise<TokenizerOutcome> {
    let file = path;
    let info;
    try {
      info = await stat(path);
      if (info.isDirectory()) {
        file = join(path, 'tokenizer.json');
        info = await stat(file).catch(() => undefined);
        if (!info) return fail('missing', `${path} is a folder without a tokenizer.json: point \`tokenizer\` to a tokenizer.json or to a model folder that has one.`);
      }
    } catch {
      return fail('missing', `${path} does not exist: point \`tokenizer\` to a tokenizer.json or to a folder holding one.`);
    }
    const configPath = join(file, '..', 'tokenizer_config.json');
    const configInfo = await stat(configPath).catch(() => undefined);
    const key = `${file}\0${info.size}\0${info.mtimeMs}\0${configInfo ? `${configInfo.size}\0${configInfo.mtimeMs}` : ''}`;
    const known = this.loaded.get(file);
    if (known?.key === key) return known.outcome;
    const outcome = readTokenizer(file, key, configInfo?.isFile() ? configPath : undefined);
    this.loaded.set(file, { key, outcome });
    return outcome;
  }

  /** Forgets a tokenizer read from this path, so that the next load reads it again. */
  invalidate(path: string): void {
    for (const file of this.loaded.keys()) if (file === path || file === join(path, 'tokenizer.json')) this.loaded.delete(file);
  }
}

async function readTokenizer(file: string, key: string, configPath: string | undefined): Promise<TokenizerOutcome> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (error) {
    return fail('missing', `${file} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return fail('not-json', `${file} is not JSON (${(error as Error).message}): a tokenizer.json is what Hugging Face tokenizers save.`);
  }
  const model = parsed !== null && typeof parsed === 'object' ? (parsed as { model?: unknown }).model : undefined;
  if (model === null || typeof model !== 'object' || typeof (model as { type?: unknown; vocab?: unknown }).vocab !== 'object') {
    return fail('not-a-tokenizer', `${file} is JSON but not a tokenizer.json (it has no "model" with a "vocab"): point \`tokenizer\` to the tokenizer.json of a Hugging Face tokenizer.`);
  }
  let config: string | undefined;
  if (configPath) {
    // A config that cannot be read or parsed is left out: the tokenizer.json alone defines the encoding.
    const text = await readFile(configPath, 'utf8').catch(() => undefined);
    if (text !== undefined && isJsonObject(text)) config = text;
  }
  try {
    const tokenizer = buildTokenizer(json, config);
    // Some pieces are built lazily: one encode makes a broken model fail here, not in the middle of a count.
    tokenizer.encode('a');
    return { ok: true, tokenizer: { path: file, key, json, ...(config !== undefined ? { config } : {}), tokenizer } };
  } catch (error) {
    return fail('not-a-tokenizer', `${file} cannot be used as a tokenizer (${(error as Error).message}).`);
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}
