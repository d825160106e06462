// The standard language features: hover, completion, inlay hints, code lenses, structure, navigation, rename
// and code actions. Each handler finds the document's analysis and calls the module that answers it.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { codeActions } from './codeActions';
import { complete } from './completion';
import type { ServerContext } from './context';
import { hitAt } from './modelLookup';
import { definition, prepareRename, references, rename } from './navigation';
import { hoverForHit, taskHover } from './hover';
import { codeLenses, inlayHints, resolveCodeLens } from './rateHints';
import { documentSymbols, foldingRanges, selectionRanges } from './structure';

export function registerLanguageFeatures(ctx: ServerContext): void {
  const { connection, documents, analyses, settings, examples, files, guard } = ctx;

  connection.onHover(
    guard('hover', async ({ textDocument, position }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      if (!at) return null;
      const offset = at.doc.offsetAt(position);
      const hit = hitAt(at.analysis.model, offset);
      if (!hit) return null;
      const range = { start: at.doc.positionAt(hit.range[0]), end: at.doc.positionAt(hit.range[1]) };
      if (hit.kind === 'taskName') {
        const view = at.analysis.tasks.find((t) => t.name === hit.name);
        const dataFile = view?.data;
        let example;
        if (dataFile && (await settings.get(textDocument.uri)).countData) {
          const read = await examples.read(dataFile, view.fields, view.prefix, 1);
          example = { file: dataFile, ...(read.examples[0] ? { record: read.examples[0] } : {}), ...(read.error ? { error: read.error } : {}) };
        }
        return { contents: { kind: 'markdown' as const, value: taskHover(at.analysis, hit.entry, hit.name, example) }, range };
      }
      const text = hoverForHit(hit);
      return text ? { contents: { kind: 'markdown' as const, value: text }, range } : null;
    }),
  );

  connection.onCompletion(
    guard('completion', async ({ textDocument, position, context }) => {
      const open = documents.get(textDocument.uri);
      if (!open) return [];
      // A typed space asks only after `- ` or `key: `; a space inside a prefix or a comment pops nothing.
      if (context?.triggerCharacter === ' ' && !spaceOpensList(open.doc.getText({ start: { line: position.line, character: 0 }, end: position }))) return [];
      // Completion reads the text itself; the analysis only adds task names, so a stale one is fine.
      const latest = analyses.latest(textDocument.uri);
      return complete(open.doc, open.file, latest?.analysis ?? null, open.doc.offsetAt(position));
    }),
  );

  connection.languages.inlayHint.on(
    guard('inlayHint', async ({ textDocument, range }) => {
      const s = await settings.get(textDocument.uri);
      if (!s.inlayHints) return [];
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? inlayHints(at.doc, at.analysis, range, s.maxEpochs) : [];
    }),
  );

  connection.onCodeLens(
    guard('codeLens', async ({ textDocument }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? codeLenses(at.doc, at.analysis, ctx.client.lensCommands) : [];
    }),
  );

  connection.onCodeLensResolve(guard('codeLens/resolve', (lens) => resolveCodeLens(lens)));

  connection.onDocumentSymbol(
    guard('documentSymbol', async ({ textDocument }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? documentSymbols(at.doc, at.analysis.model) : [];
    }),
  );

  connection.onFoldingRanges(
    guard('foldingRange', async ({ textDocument }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? foldingRanges(at.doc, at.analysis.model) : [];
    }),
  );

  connection.onSelectionRanges(
    guard('selectionRange', async ({ textDocument, positions }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? selectionRanges(at.doc, at.analysis.model, positions) : [];
    }),
  );

  connection.onDefinition(
    guard('definition', async ({ textDocument, position }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? definition(at.doc, at.analysis, at.doc.offsetAt(position), files) : [];
    }),
  );

  connection.onReferences(
    guard('references', async ({ textDocument, position, context }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? references(at.doc, at.analysis, at.doc.offsetAt(position), context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename(
    guard('prepareRename', async ({ textDocument, position }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? prepareRename(at.doc, at.analysis, at.doc.offsetAt(position)) : null;
    }),
  );

  connection.onRenameRequest(
    guard('rename', async ({ textDocument, position, newName }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      if (!at) throw new ResponseError(ErrorCodes.InvalidRequest, 'The document is not open.');
      return rename(at.doc, at.analysis, at.doc.offsetAt(position), newName);
    }),
  );

  connection.onCodeAction(
    guard('codeAction', async ({ textDocument, range, context }) => {
      const at = await ctx.analysisOf(textDocument.uri);
      return at ? codeActions(at.doc, at.analysis, range, files, context.only) : [];
    }),
  );
}

/** The line up to a typed space: `  - ` (a new item) or `key: ` / `- key: ` outside quotes and comments. */
export function spaceOpensList(lineBefore: string): boolean {
  if (/^\s*-\s$/.test(lineBefore)) return true;
  return /^\s*(-\s+)?[A-Za-z_][\w.-]*:\s$/.test(lineBefore) || /[{,]\s*[A-Za-z_][\w.-]*:\s$/.test(lineBefore) || /[[,{]\s$/.test(lineBefore);
}
