// Code actions: every quick fix the core attached to a diagnostic in the range, and "Set examples to the
// counted N" for a task whose data was counted.
import { CodeActionKind, type CodeAction, type Range as LspRange, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import { setExamplesEdit } from '../core/edit';
import type { Fix } from '../core/types';
import { toLspDiagnostic } from './diagnostics';
import { pathToUri } from './documents';
import type { FileTexts } from './fileTexts';
import { entryAt } from './modelLookup';
import { toLspRange, toLspTextEdits, toOffsetRange } from './positions';

function workspaceEdit(doc: TextDocument, fix: Fix, files: FileTexts): WorkspaceEdit | null {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const target = e.file ? files.get(e.file) : doc;
    if (!target) return null;
    const uri = e.file ? pathToUri(e.file) : doc.uri;
    (changes[uri] ??= []).push({ range: toLspRange(target, e.range), newText: e.newText });
  }
  return { changes };
}

export function codeActions(doc: TextDocument, analysis: Analysis, range: LspRange, files: FileTexts, only?: string[]): CodeAction[] {
  const [from, to] = toOffsetRange(doc, range);
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const actions: CodeAction[] = [];
  const titles = new Set<string>();
  if (wantsQuickFix) {
    for (const d of analysis.diagnostics) {
      if (!d.fixes?.length || d.range[1] < from || d.range[0] > to) continue;
      const diagnostic = toLspDiagnostic(doc, d, files);
      for (const fix of d.fixes) {
        const edit = workspaceEdit(doc, fix, files);
        if (!edit) continue;
        titles.add(fix.title);
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred ?? false, edit });
      }
    }
  }
  // Pinning the counted size: for a task with a counted `data` whose `examples` is absent or different.
  const entry = entryAt(analysis.model, from);
  const wantsRewrite = !only || only.some((k) => CodeActionKind.RefactorRewrite.startsWith(k) || CodeActionKind.QuickFix.startsWith(k));
  // Only a task with `data` has a count; checking first keeps the per-keystroke code-action request from
  // building every task view.
  if (wantsRewrite && entry?.kind === 'task' && entry.name && entry.data) {
    const view = analysis.tasks.find((t) => t.name === entry.name!.value && t.file === analysis.file);
    const counted = view?.countedExamples;
    if (counted !== undefined && entry.examples?.value !== counted) {
      const title = `Set examples to the counted ${counted}`;
      if (!titles.has(title)) {
        const edits = toLspTextEdits(doc, [setExamplesEdit(doc.getText(), entry, counted)]);
        actions.push({ title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [doc.uri]: edits } } });
      }
    }
  }
  return actions;
}
