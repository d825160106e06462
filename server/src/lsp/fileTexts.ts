// Line tables for files the core points into that may not be open (included mixtures), so that
// offsets in them can become positions. Open buffers win; disk reads are cached by mtime and size.
import { readFileSync, statSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToUri, type OpenDocuments } from './documents';

export class FileTexts {
  private readonly disk = new Map<string, { mtimeMs: number; size: number; doc: TextDocument }>();

  constructor(private readonly documents: OpenDocuments) {}

  /** The document for an absolute path, or undefined when it is neither open nor readable. */
  get(file: string): TextDocument | undefined {
    const open = this.documents.getByFile(file);
    if (open) return open.doc;
    try {
      const st = statSync(file);
      const cached = this.disk.get(file);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.doc;
      const doc = TextDocument.create(pathToUri(file), 'mixture-yaml', 0, readFileSync(file, 'utf8'));
      this.disk.set(file, { mtimeMs: st.mtimeMs, size: st.size, doc });
      return doc;
    } catch {
      this.disk.delete(file);
      return undefined;
    }
  }

  forget(file: string): void {
    this.disk.delete(file);
  }
}
