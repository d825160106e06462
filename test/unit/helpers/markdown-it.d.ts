// The little of markdown-it (a CommonMark parser, a devDependency) that the hover tests use: it ships no types.
declare module 'markdown-it' {
  export interface Token {
    type: string;
    tag: string;
    content: string;
    info: string;
    children: Token[] | null;
  }
  export interface Options {
    /** Recognize raw HTML (as the tests do, to see whether any slips through). */
    html?: boolean;
    /** Turn URL-like text into links, as VS Code's renderer does with GitHub's autolinks. */
    linkify?: boolean;
  }
  export default class MarkdownIt {
    constructor(options?: Options);
    parse(src: string, env: object): Token[];
  }
}
