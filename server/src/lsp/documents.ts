// The open documents: one TextDocument per uri for positions, kept in step with the core's own
// incremental document, to which each LSP content change goes as an offset edit.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { URI } from 'vscode-uri';

export interface OffsetEdit {
  range: [number, number];
  text: string;
}

export interface OpenDocument {
  uri: string;
  /** Absolute file path, the core's name for the document. */
  file: string;
  doc: TextDocument;
}

export function uriToPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

export function pathToUri(path: string): string {
  return URI.file(path).toString();
}

export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDocument>();
  private readonly byFile = new Map<string, OpenDocument>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const entry: OpenDocument = { uri, file: uriToPath(uri), doc: TextDocument.create(uri, languageId, version, text) };
    this.byUri.set(uri, entry);
    this.byFile.set(entry.file, entry);
    return entry;
  }

  /**
   * Applies LSP content changes in order and returns them as offset edits, each against the text left by
   * the one before (LSP's own order), so the core can apply them one after another.
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): { entry: OpenDocument; edits: OffsetEdit[] | null } | undefined {
    const entry = this.byUri.get(uri);
    if (!entry) return undefined;
    const edits: OffsetEdit[] = [];
    let full = false;
    for (const change of changes) {
      if ('range' in change) {
        const start = entry.doc.offsetAt(change.range.start);
        const end = entry.doc.offsetAt(change.range.end);
        edits.push({ range: [start, end], text: change.text });
      } else {
        full = true;
      }
      entry.doc = TextDocument.update(entry.doc, [change], version);
    }
    // A full-text change anywhere makes the offset edits meaningless: the caller resets the text instead.
    return { entry, edits: full ? null : edits };
  }

  close(uri: string): OpenDocument | undefined {
    const entry = this.byUri.get(uri);
    if (!entry) return undefined;
    this.byUri.delete(uri);
    if (this.byFile.get(entry.file) === entry) this.byFile.delete(entry.file);
    return entry;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  getByFile(file: string): OpenDocument | undefined {
    return this.byFile.get(file);
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }
}
