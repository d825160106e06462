// `taskmix import FILE [--from NAME] [--out PATH] [--mixture NAME]`: an engine's mixture file (Megatron, NeMo, OLMo,
// MosaicML, Hugging Face, LLaMA-Factory, seqio) as a TaskMix mixture. Exit 1 with `file:line:col: error: ...` for a
// file that cannot be read as its format (never a stack trace); exit 2 for a wrong command line, and for a Python
// file with several registrations and no --mixture (the choices are listed).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  ENGINE_FORMAT_ALIASES,
  ENGINE_FORMATS,
  EngineFileError,
  engineFormatOf,
  importEngineFile,
  MixtureChoiceNeeded,
  renderImport,
  type ImportNote,
} from '../core/engines';
import { LineIndex } from '../core/lineIndex';
import type { Range } from '../core/types';
import { flagString, parseArgs, UsageError } from './args';

interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const FORMAT_NAMES = [...ENGINE_FORMATS, ...Object.keys(ENGINE_FORMAT_ALIASES)];

function shown(abs: string, io: Io): string {
  const rel = relative(io.cwd, abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

/** `file:line:col` of an offset in a file (read again when it is not the input, e.g. a dataset_info.json). */
function located(file: string, range: Range, texts: Map<string, string>, io: Io): string {
  let text = texts.get(file);
  if (text === undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = '';
    }
    texts.set(file, text);
  }
  const at = new LineIndex(text).position(range[0]);
  return `${shown(file, io)}:${at.line}:${at.column}`;
}

export async function runImportCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { from: { type: 'string', choices: FORMAT_NAMES }, out: { type: 'string' }, mixture: { type: 'string' } }, 'import');
  if (args.positionals.length !== 1) throw new UsageError(`needs exactly one engine FILE (taskmix import FILE [--from ${ENGINE_FORMATS.join('|')}])`);
  const path = resolve(io.cwd, args.positionals[0]!);
  if (!existsSync(path)) throw new UsageError(`no such file: ${args.positionals[0]}`);
  if (statSync(path).isDirectory()) throw new UsageError(`${args.positionals[0]} is a directory; give the engine's config file`);
  const fromName = flagString(args, 'from');
  const from = fromName === undefined ? undefined : engineFormatOf(fromName);
  const mixture = flagString(args, 'mixture');
  const texts = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    io.stderr(`${shown(path, io)}:1:1: error: cannot read the file: ${(e as Error).message}\n`);
    return 1;
  }
  texts.set(path, text);
  let result;
  try {
    result = await importEngineFile({ path, text }, { ...(from ? { from } : {}), ...(mixture !== undefined ? { mixture } : {}) });
  } catch (e) {
    if (e instanceof EngineFileError) {
      io.stderr(`${located(e.file, e.range, texts, io)}: error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof MixtureChoiceNeeded) {
      io.stderr(`${shown(path, io)}: ${e.choices.length} mixtures here; choose one with --mixture NAME:\n`);
      for (const c of e.choices) io.stderr(`  ${c.name}  (${located(path, c.range, texts, io)})\n`);
      return 2;
    }
    throw e;
  }
  for (const note of result.notes) io.stderr(noteLine(note, texts, io));
  const out = flagString(args, 'out');
  const rendered = renderImport(result, basename(path));
  if (!out) {
    if (rendered.companions.length) {
      throw new UsageError(`this import writes ${rendered.companions.length + 1} files (sub-mixtures that need sizes are included, not flattened): give --out PATH`);
    }
    io.stdout(rendered.text);
    return 0;
  }
  const target = resolve(io.cwd, out);
  writeFileSync(target, rendered.text);
  io.stderr(`wrote ${out}\n`);
  for (const c of rendered.companions) {
    const companion = join(dirname(target), c.fileName);
    writeFileSync(companion, c.text);
    io.stderr(`wrote ${shown(companion, io)}\n`);
  }
  return 0;
}

function noteLine(note: ImportNote, texts: Map<string, string>, io: Io): string {
  return `${located(note.file, note.range, texts, io)}: ${note.severity}: ${note.message}\n`;
}
