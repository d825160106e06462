// How the language client renders the server's Markdown (hover). Task names, prefixes and data records in it are
// the user's, from files anyone may have written: untrusted Markdown runs no `command:` link and renders no HTML,
// whatever slips past the server's escaping (server/src/lsp/markdown.ts). Kept apart from the vscode glue so that
// a unit test holds it.
export const MARKDOWN_POLICY = { isTrusted: false, supportHtml: false } as const;
