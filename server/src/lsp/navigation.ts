// Go to definition (include path -> the file, data path -> the file, task name in `results` -> the task),
// references of a task, and renaming a task together with its `results` keys.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ResponseError, ErrorCodes, type Location, type Range as LspRange, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import type { Range } from '../core/types';
import { pathToUri } from './documents';
import type { FileTexts } from './fileTexts';
import { hitAt, taskEntryNamed, taskNameOccurrences } from './modelLookup';
import { toLspRange } from './positions';

const fileStart: LspRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definition(doc: TextDocument, analysis: Analysis, offset: number, files: FileTexts): Location[] {
  const hit = hitAt(analysis.model, offset);
  if (!hit) return [];
  const dir = dirname(analysis.file);
  if (hit.kind === 'includePath') {
    const target = resolve(dir, hit.entry.include.value);
    return existsSync(target) ? [{ uri: pathToUri(target), range: fileStart }] : [];
  }
  if (hit.kind === 'dataPath') {
    const target = resolve(dir, hit.path);
    return existsSync(target) ? [{ uri: pathToUri(target), range: fileStart }] : [];
  }
  if (hit.kind === 'resultsName' || hit.kind === 'taskName') {
    const own = taskEntryNamed(analysis.model, hit.name);
    if (own?.name) return [{ uri: doc.uri, range: toLspRange(doc, own.name.range) }];
    // A task that comes through an include: its definition is in the included file.
    const view = analysis.tasks.find((t) => t.name === hit.name);
    if (view?.nameRange) {
      const other = files.get(view.file);
      if (other) return [{ uri: pathToUri(view.file), range: toLspRange(other, view.nameRange) }];
    }
  }
  return [];
}

/** The task name at offset (its definition or a `results` key), or null. */
export function taskNameAt(analysis: Analysis, offset: number): { name: string; range: Range } | null {
  const hit = hitAt(analysis.model, offset);
  return hit && (hit.kind === 'taskName' || hit.kind === 'resultsName') ? { name: hit.name, range: hit.range } : null;
}

export function references(doc: TextDocument, analysis: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const at = taskNameAt(analysis, offset);
  if (!at) return [];
  return taskNameOccurrences(analysis.model, at.name)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri: doc.uri, range: toLspRange(doc, o.range) }));
}

export function prepareRename(doc: TextDocument, analysis: Analysis, offset: number): LspRange | null {
  const at = taskNameAt(analysis, offset);
  // Only tasks defined in this file: renaming one defined in an include would have to edit that file too.
  if (!at || !taskEntryNamed(analysis.model, at.name)) return null;
  return toLspRange(doc, unquoted(doc.getText(), at.range));
}

/** The range without the quotes of a quoted scalar, so the new name keeps them. */
function unquoted(text: string, r: Range): Range {
  const first = text[r[0]];
  return (first === '"' || first === "'") && r[1] - r[0] >= 2 && text[r[1] - 1] === first ? [r[0] + 1, r[1] - 1] : r;
}

export function rename(doc: TextDocument, analysis: Analysis, offset: number, newName: string): WorkspaceEdit {
  const at = taskNameAt(analysis, offset);
  if (!at || !taskEntryNamed(analysis.model, at.name)) {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'Only a task defined in this file can be renamed here.');
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a task name: use letters, digits, '_', '.' and '-'.`);
  }
  if (newName !== at.name && taskEntryNamed(analysis.model, newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `A task named '${newName}' already exists in this file.`);
  }
  const text = doc.getText();
  const edits = taskNameOccurrences(analysis.model, at.name).map((o) => ({ range: toLspRange(doc, unquoted(text, o.range)), newText: newName }));
  return { changes: { [doc.uri]: edits } };
}
