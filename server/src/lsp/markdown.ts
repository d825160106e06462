// User text (task names, prefixes, paths, data records) inside the Markdown the server sends (hover). A mixture or
// a data file comes from anyone: written as it is, a name like `[docs](https://evil.example)` would be a live link
// in the editor's hover, `<img ...>` markup, and a record holding a code fence would end the block it is shown in.
// Here such text always reads as the characters it is. The client keeps the hover's Markdown untrusted as well
// (no command links, no HTML): see client/src/markdownPolicy.ts.

/** Every ASCII punctuation character: CommonMark lets a backslash make any of them literal. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const LINE_BREAK = /\r\n|\r|\n/g;

/** Plain text for running Markdown: every punctuation character escaped (no emphasis, link, HTML, entity, or
 *  autolinked URL can start), and line breaks made spaces (no new block can start). */
export function markdownText(s: string): string {
  return s.replace(LINE_BREAK, ' ').replace(ASCII_PUNCTUATION, '\\$&');
}

/** The longest run of backticks in `s`. */
function longestBacktickRun(s: string): number {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/**
 * An inline code span that shows `s` verbatim on one line: its fence is longer than any run of backticks inside,
 * and a space pads each side where `s` begins or ends with a backtick or a space (the renderer takes one space off
 * each side when both have one, and a backtick there would join the fence).
 */
export function markdownCode(s: string): string {
  const one = s.replace(LINE_BREAK, ' ');
  if (one === '') return '*(empty)*';
  const fence = '`'.repeat(longestBacktickRun(one) + 1);
  const allSpaces = /^ +$/.test(one);
  const pad = !allSpaces && /^[ `]|[ `]$/.test(one) ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** A fenced code block showing `lines` verbatim: its fence is longer than any run of backticks in them. */
export function markdownCodeBlock(lines: string[], language: string): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(lines.join('\n')) + 1));
  return [`${fence}${language}`, ...lines, fence];
}
