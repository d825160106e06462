// `taskmix/importMixture`: an engine's mixture file as mixture text, for "Open as Mixture". The core reads it
// (core/engines); this module checks the untrusted params, reads the file, and turns offsets into LSP ranges.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { EngineFileError, engineFormatOf, importEngineFile, MixtureChoiceNeeded, renderImport, type ImportOptions } from '../core/engines';
import { LineIndex } from '../core/lineIndex';
import type { Range } from '../core/types';
import type { ImportMixtureParams, ImportMixtureResponse } from '../../../contracts/lsp';
import { pathToUri, uriToPath } from './documents';
import { lspRangeIn } from './positions';

function checkParams(p: unknown): ImportMixtureParams {
  const { uri, text, from, mixture } = (p ?? {}) as Record<string, unknown>;
  if (typeof uri !== 'string' || uri === '') throw new ResponseError(ErrorCodes.InvalidParams, 'uri must be a file URI');
  if (text !== undefined && typeof text !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'text must be a string');
  if (from !== undefined && (typeof from !== 'string' || !engineFormatOf(from))) throw new ResponseError(ErrorCodes.InvalidParams, `unknown engine format ${JSON.stringify(from)}`);
  if (mixture !== undefined && typeof mixture !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'mixture must be a string');
  return { uri, ...(text !== undefined ? { text } : {}), ...(from !== undefined ? { from } : {}), ...(mixture !== undefined ? { mixture } : {}) };
}

export async function importMixtureResponse(raw: unknown): Promise<ImportMixtureResponse> {
  const params = checkParams(raw);
  const path = uriToPath(params.uri);
  const texts = new Map<string, string>();
  const textOf = (file: string): string => {
    let t = texts.get(file);
    if (t === undefined) {
      try {
        t = readFileSync(file, 'utf8');
      } catch {
        t = '';
      }
      texts.set(file, t);
    }
    return t;
  };
  const where = (file: string, range: Range) => ({ uri: pathToUri(file), range: lspRangeIn(new LineIndex(textOf(file)), range) });
  const empty = { text: null, format: null, suggestedName: null, companions: [], notes: [] };
  let text = params.text;
  if (text === undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      return { ...empty, error: { message: `cannot read the file: ${(e as Error).message}`, uri: params.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } };
    }
  }
  texts.set(path, text);
  const options: ImportOptions = {};
  const from = params.from === undefined ? undefined : engineFormatOf(params.from);
  if (from) options.from = from;
  if (params.mixture !== undefined) options.mixture = params.mixture;
  try {
    const result = await importEngineFile({ path, text }, options);
    const rendered = renderImport(result, basename(path));
    return {
      text: rendered.text,
      format: result.format,
      suggestedName: `${result.mixture.name}.mixture.yaml`,
      companions: rendered.companions,
      notes: result.notes.map((n) => ({ severity: n.severity, message: n.message, ...where(n.file, n.range) })),
    };
  } catch (e) {
    if (e instanceof EngineFileError) return { ...empty, error: { message: e.message, ...where(e.file, e.range) } };
    if (e instanceof MixtureChoiceNeeded) return { ...empty, choices: e.choices.map((c) => c.name) };
    throw e;
  }
}
