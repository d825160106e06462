// Core diagnostics (offset ranges, plain data) as LSP diagnostics, with related information in any file.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity } from '../core/types';
import { pathToUri } from './documents';
import type { FileTexts } from './fileTexts';
import { toLspRange } from './positions';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(doc: TextDocument, d: Diagnostic, files: FileTexts): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(doc, d.range),
    severity: severities[d.severity],
    code: d.code,
    source: 'taskmix',
    message: d.message,
  };
  if (d.related?.length) {
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of d.related) {
      if (r.file && r.line !== undefined) {
        // A data file: not held as text, so its line is the place (the whole line, to the next one's start).
        const line = Math.max(0, r.line - 1);
        related.push({ location: { uri: pathToUri(r.file), range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } } }, message: r.message });
        continue;
      }
      const target = r.file ? files.get(r.file) : doc;
      if (!target) continue;
      related.push({ location: { uri: r.file ? pathToUri(r.file) : doc.uri, range: toLspRange(target, r.range) }, message: r.message });
    }
    if (related.length) out.relatedInformation = related;
  }
  return out;
}

export function countBySeverity(ds: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of ds) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}
