// Hover Markdown with hostile names, prefixes, paths and data records: read back by a CommonMark parser (with HTML
// and autolinks on, so that anything slipping through would show), the user's text must come out as the characters
// it is, with no link, image or HTML anywhere, and a record can never close the code block it is shown in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import MarkdownIt, { type Token } from 'markdown-it';
import { MixtureProject } from '../../server/src/core/analyze';
import type { TaskEntry } from '../../server/src/core/types';
import { taskHover } from '../../server/src/lsp/hover';
import { markdownCode, markdownCodeBlock, markdownText } from '../../server/src/lsp/markdown';
import { MARKDOWN_POLICY } from '../../client/src/markdownPolicy';

const md = new MarkdownIt({ html: true, linkify: true });

const LIVE = new Set(['link_open', 'image', 'html_inline', 'html_block', 'autolink']);

function allTokens(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...allTokens(t.children ?? [])]);
}

/** Fails on any token that would be live in the editor. */
function assertInert(markdown: string): Token[] {
  const tokens = allTokens(md.parse(markdown, {}));
  const live = tokens.filter((t) => LIVE.has(t.type));
  assert.deepEqual(live.map((t) => t.type), [], `live Markdown in:\n${markdown}`);
  return tokens;
}

/** What a paragraph of inline Markdown reads as: its text and code, without emphasis markers. */
function inlineText(markdown: string): string {
  const tokens = assertInert(markdown);
  const inline = tokens.find((t) => t.type === 'inline');
  return (inline?.children ?? []).map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' ? '\n' : '')).join('');
}

const HOSTILE = [
  '[docs](https://evil.example)',
  '[click](command:workbench.action.terminal.new)',
  '![x](https://evil.example/pixel.png)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'https://evil.example/path',
  'www.evil.example',
  '&lt;b&gt; &amp; &#60;',
  '**bold** _em_ ~~s~~',
  'a\\`b\\',
  '`',
  '``',
  '` x `',
  'a ``` b',
  '```',
  '# heading',
  '- item',
  '1. item',
  '> quote',
  '| a | b |',
  '[ref]: https://evil.example',
  '\\[not a link\\]',
];

test('markdownText and markdownCode read back as exactly the text, for hostile and random strings', () => {
  for (const s of HOSTILE) {
    assert.equal(inlineText(`x ${markdownText(s)} y`), `x ${s} y`, `text ${JSON.stringify(s)}`);
    assert.equal(inlineText(`x ${markdownCode(s)} y`), `x ${s} y`, `code ${JSON.stringify(s)}`);
  }
  // Leading and trailing spaces in a code span survive (the renderer strips one from each side when both have one).
  for (const s of [' a ', ' a', 'a ', '  ', ' `a` ']) assert.equal(inlineText(`x ${markdownCode(s)} y`), `x ${s} y`, JSON.stringify(s));
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('`', '[', ']', '(', ')', '<', '>', '!', '*', '_', '\\', '&', '#', ' ', 'a', ':', '/', '.') }), (s) => {
      fc.pre(s.trim() !== '' && s === s.trim());
      assert.equal(inlineText(`x ${markdownText(s)} y`), `x ${s} y`);
      assert.equal(inlineText(`x ${markdownCode(s)} y`), `x ${s} y`);
    }),
    { numRuns: 2000 },
  );
});

test('a code block cannot be closed by the lines it shows', () => {
  for (const line of ['```', '````', '```text', '~~~', '  ```', '` `` ```` `````']) {
    const lines = ['input:  before', line, '[click](command:x) <b>bold</b>'];
    const tokens = assertInert([...markdownCodeBlock(lines, 'text'), 'after'].join('\n'));
    const fences = tokens.filter((t) => t.type === 'fence');
    assert.equal(fences.length, 1, line);
    assert.equal(fences[0]!.content, lines.join('\n') + '\n');
    assert.equal(fences[0]!.info, 'text');
  }
});

test('task hover with a hostile name, prefix, data path and record is inert and shows them verbatim', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-hover-'));
  try {
    const file = join(dir, 'm.mixture.yaml');
    for (const [i, hostile] of HOSTILE.entries()) {
      const name = hostile;
      const prefix = HOSTILE[(i + 5) % HOSTILE.length]!;
      const data = `data/${HOSTILE[(i + 9) % HOSTILE.length]!.replace(/[/\\]/g, '_')}.jsonl`;
      const text = ['mixture: m', 'tasks:', `  - name: ${JSON.stringify(name)}`, `    prefix: ${JSON.stringify(prefix)}`, '    examples: 10', `    data: ${JSON.stringify(data)}`, ''].join('\n');
      const project = new MixtureProject();
      project.setText(file, text);
      const analysis = await project.analyze(file, { countData: false });
      const entry = analysis.model.tasks.find((e): e is TaskEntry => e.kind === 'task')!;
      assert.equal(entry.name?.value, name);
      const record = { line: 3, input: `${prefix} ${HOSTILE[(i + 1) % HOSTILE.length]}\n\`\`\`\n${HOSTILE[(i + 2) % HOSTILE.length]}`, target: [HOSTILE[(i + 3) % HOSTILE.length]!, '```'] };
      const hover = taskHover(analysis, entry, name, { file: join(dir, data), record });
      const tokens = assertInert(hover);
      assert.equal(inlineText(hover.split('\n')[0]!), `${name} · prefix ${prefix}`, hover);
      const fence = tokens.find((t) => t.type === 'fence');
      assert.ok(fence, hover);
      assert.equal(fence.content, `input:  ${record.input}\ntarget: ${record.target.map((t) => JSON.stringify(t)).join(', ')}\n`);
      // A record that cannot be formatted, and an error reading the file: their messages are text too.
      for (const example of [{ file: join(dir, data), record: { line: 2, error: `bad ${hostile}` } }, { file: join(dir, data), error: `cannot read ${hostile}` }]) {
        const other = taskHover(analysis, entry, name, example);
        assertInert(other);
        assert.ok(inlineText(other.split('\n').at(-1)!).endsWith(hostile), other);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the client keeps hover Markdown untrusted: no command links, no HTML', () => {
  assert.deepEqual(MARKDOWN_POLICY, { isTrusted: false, supportHtml: false });
});
