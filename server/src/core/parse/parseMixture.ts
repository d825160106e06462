// The full parse: a mixture file's text to its typed model, with the diagnostics of reading it.

import { isMap, isScalar, isSeq } from 'yaml';
import type { Diagnostic, MixtureModel, ParsedMixture } from '../types';
import { assembleModel, emptyModel, readTopPair } from './buildModel';
import { readYaml } from './readYaml';
import { isEmptyNode, writtenRange, type ParsedPair, type ValueNode } from './yamlNodes';
import { capDiagnostics, clampRange, FILE_TOO_LARGE, firstLine, NOT_A_MAPPING, YAML_SYNTAX } from './yamlDiagnostics';

/**
 * The largest mixture read at all: 10,000 tasks take about 1.5 MB and a generated 100,000 about 15 MB. A limit
 * keeps memory bounded (yaml's tree is many times the text) and says what to do instead.
 */
export const DEFAULT_MAX_LENGTH = 32 * 1024 * 1024;

/** The largest text the editor re-checks as it is typed; larger ones are checked on open and save (see document.ts). */
export const DEFAULT_MAX_LIVE_LENGTH = 4 * 1024 * 1024;

export interface ParseOptions {
  /** Longest text (in UTF-16 code units) that is parsed; longer ones get a `file-too-large` error. */
  maxLength?: number;
}

export function megabytes(chars: number): string {
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

/** The message for a file of `size` over the limit (characters of a text, or bytes of a file left unread). */
export function fileTooLargeMessage(size: number, maxLength: number): string {
  return `This file is ${megabytes(size)}; TaskMix reads mixture files of up to ${megabytes(maxLength)}. Split it with \`include\` entries.`;
}

/** The diagnostic for a text over the size limit, on its first line. */
export function fileTooLarge(text: string, maxLength: number): Diagnostic {
  return {
    code: FILE_TOO_LARGE,
    severity: 'error',
    message: fileTooLargeMessage(text.length, maxLength),
    range: firstLine(text, clampRange(0, text.length, text.length)),
  };
}

function describe(node: ValueNode): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value}`;
  return 'something else';
}

/** Text to model. Never throws: whatever goes wrong becomes a located diagnostic. */
export function parseMixture(text: string, options: ParseOptions = {}): ParsedMixture {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) return { model: emptyModel(text.length), diagnostics: [fileTooLarge(text, maxLength)] };
  try {
    const { doc, diagnostics, ctx } = readYaml(text);
    let model: MixtureModel = emptyModel(text.length);
    const root = ctx.resolve(doc.contents);
    if (root && isMap(root)) {
      model = assembleModel((root.items as ParsedPair[]).map((pair) => readTopPair(pair, ctx)), text.length);
    } else if (root && !isEmptyNode(root)) {
      diagnostics.push({
        code: NOT_A_MAPPING,
        severity: 'error',
        message: `A mixture file is a YAML mapping at the top level (lines like \`mixture: my_mixture\`), but this is ${describe(root)}.`,
        range: firstLine(text, writtenRange(root, text)),
      });
    }
    diagnostics.push(...ctx.diagnostics);
    return { model, diagnostics: capDiagnostics(diagnostics) };
  } catch (e) {
    // yaml turns its own stack overflows into RESOURCE_EXHAUSTION errors; this catches the rest.
    const tooDeep = e instanceof RangeError;
    return {
      model: emptyModel(text.length),
      diagnostics: [
        {
          code: YAML_SYNTAX,
          severity: 'error',
          message: tooDeep ? 'The YAML is nested too deeply to read.' : `This file could not be read as YAML: ${String(e)}.`,
          range: clampRange(0, 1, text.length),
        },
      ],
    };
  }
}
