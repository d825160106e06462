// The words of a shell script as far as finding Megatron's arguments needs: comments (outside quotes) are skipped,
// backslash-newlines join lines, quotes are taken out of the words they wrap, and the places where a command ends
// (a newline outside quotes, `;`, `&`, `|`, parentheses) are marked. Quotes do not keep words together: scripts put
// whole argument lists in strings (`ARGS="--data-path ... --split ..."`) that are split again when used unquoted.
// Nothing is expanded: `$DATA_PATH` stays `$DATA_PATH`.
import type { Range } from '../../types';

export type ShellToken = { kind: 'word'; text: string; range: Range } | { kind: 'break'; at: number };

export function shellTokens(text: string): ShellToken[] {
  const out: ShellToken[] = [];
  let word = '';
  let start = -1;
  let end = -1;
  let quote: '"' | "'" | null = null;
  const flush = () => {
    if (start >= 0) out.push({ kind: 'word', text: word, range: [start, end] });
    word = '';
    start = -1;
  };
  const add = (s: string, at: number, width: number) => {
    if (start < 0) start = at;
    word += s;
    end = at + width;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else if (/\s/.test(c)) flush();
      else add(c, i, 1);
      continue;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        i += 1;
        continue;
      }
      if (next === '\r' && text[i + 2] === '\n') {
        i += 2;
        continue;
      }
      if (next !== undefined) {
        add(next, i, 2);
        i += 1;
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (/\s/.test(c)) flush();
      else add(c, i, 1);
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c === '#' && start < 0) {
      while (i < text.length && text[i] !== '\n') i++;
      i -= 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      // ${VAR} and ${VAR:-default}: one piece of the word, braces and all.
      const close = text.indexOf('}', i);
      const stop = close < 0 ? text.length : close + 1;
      add(text.slice(i, stop), i, stop - i);
      i = stop - 1;
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '`') {
      flush();
      out.push({ kind: 'break', at: i });
      continue;
    }
    if (/\s/.test(c)) {
      flush();
      continue;
    }
    add(c, i, 1);
  }
  flush();
  return out;
}

/** Whether a word is an option (`--split`, `-h`), not a value (`-0.5` is a value: a negative weight). */
export function isOption(word: string): boolean {
  return /^--?[A-Za-z]/.test(word);
}
