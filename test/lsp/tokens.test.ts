// Tokens in the editor, through the bundled server over stdio: hover (the counted tokens, the token share, effective
// epochs with the paper named), inlay hints (the token share beside the rate), the `diminishing-repeats` warning and
// its quick fixes (a scale, UniMax's N), a tokenizer that cannot be read (located on the `tokenizer` line), the
// `taskmix.tokenizer` setting, and progress while tokens are counted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodeActionRequest,
  HoverRequest,
  InlayHintRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type Position,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { jsonlRecords, plainLoopTokens, writeT5Tokenizer } from '../unit/helpers/tokenFixtures';
import { formatPercent } from '../../server/src/lsp/numbers';
import { answered, codeActions, LspClient, waitFor } from './harness';

function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at + delta);
  return { line: before.split('\n').length - 1, character: at + delta - (before.lastIndexOf('\n') + 1) };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const offsetOf = (p: Position) => text.split('\n').slice(0, p.line).reduce((o, l) => o + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))) {
    out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  }
  return out;
}

const everything = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

describe('tokens in the editor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taskmix-lsp-tokens-'));
  const tokenizerDir = writeT5Tokenizer(join(dir, 'tok'));
  writeFileSync(join(dir, 'short.jsonl'), jsonlRecords(40, 3));
  writeFileSync(join(dir, 'long.jsonl'), jsonlRecords(400, 4));
  const shortTokens = plainLoopTokens(tokenizerDir, join(dir, 'short.jsonl'), 'short:');
  const longTokens = plainLoopTokens(tokenizerDir, join(dir, 'long.jsonl'), 'long:');
  // T = 2 by tokens: each task's token share is sqrt(its tokens) over the sum; a budget of 10x the small task's
  // tokens repeats it far past 4 epochs.
  const budget = 30 * shortTokens;
  const mixtureText = [
    'mixture: toks',
    'tokenizer: tok',
    'sampling:',
    '  strategy: temperature',
    '  temperature: 2',
    '  unit: tokens',
    'budget:',
    `  tokens: ${budget}`,
    'tasks:',
    '  - name: short',
    '    prefix: "short:"',
    '    data: short.jsonl',
    '  - name: long',
    '    prefix: "long:"',
    '    data: long.jsonl',
    '',
  ].join('\n');
  const shareShort = Math.sqrt(shortTokens) / (Math.sqrt(shortTokens) + Math.sqrt(longTokens));
  const epochsShort = (budget * shareShort) / shortTokens;
  let client: LspClient;
  /** `create`, then the kinds of the progress reports (begin, report..., end). */
  const progress: string[] = [];
  let uri: string;

  before(async () => {
    client = await LspClient.start({
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, inlayHint: { refreshSupport: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    });
    client.connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      progress.push('create');
      client.connection.onProgress(WorkDoneProgress.type, params.token, (value) => progress.push(value.kind));
      return null;
    });
    writeFileSync(join(dir, 'toks.mixture.yaml'), mixtureText);
    uri = await client.open(join(dir, 'toks.mixture.yaml'), mixtureText);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The diagnostics of uri once the counts are in (the first publication may say "counting"). */
  async function settledDiagnostics(of = uri, code = 'diminishing-repeats'): Promise<Diagnostic[]> {
    return waitFor(`${code} on ${of}`, () => {
      const all = client.diagnostics.get(of) ?? [];
      const last = all.at(-1);
      return last && last.diagnostics.some((d) => d.code === code) ? last.diagnostics : undefined;
    }, 60_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; published: ${JSON.stringify(client.diagnostics.get(of)?.map((p) => p.diagnostics.map((d) => `${d.code}: ${d.message}`)))}; log: ${client.logs.join('').slice(-2000)}`);
    });
  }

  test('a task repeated past 4 epochs is warned about, and the fix that scales it down clears the warning', async () => {
    const diagnostics = await settledDiagnostics();
    const repeated = diagnostics.filter((d) => d.code === 'diminishing-repeats');
    assert.deepEqual(repeated.map((d) => d.range.start.line), [9], 'the short task, on its name');
    assert.match(repeated[0]!.message, new RegExp(`repeated ${epochsShort.toPrecision(3).replace(/\.?0+$/, '')} epochs`));
    assert.match(repeated[0]!.message, /Muennighoff et al\. 2023/);
    const actions = codeActions(await client.send(CodeActionRequest.type, { textDocument: { uri }, range: repeated[0]!.range, context: { diagnostics: repeated } }));
    const fix = actions.find((a) => a.title.startsWith('Cap `short` at 4 epochs (scale:'));
    assert.ok(fix?.edit?.changes, `a scale fix among ${actions.map((a) => a.title).join(' | ')}`);
    const fixed = applyEdits(mixtureText, fix.edit.changes[uri]!);
    assert.match(fixed, /data: short\.jsonl\n {4}scale: 0\.\d+\n/);
    const before = client.publishedCount(uri);
    await client.change(uri, [{ text: fixed }]);
    const after = await waitFor('diagnostics after the fix', () => {
      const last = client.diagnostics.get(uri)?.slice(before).at(-1);
      return last && last.version === client.versions.get(uri) && !last.diagnostics.some((d) => d.code === 'tokens-unknown') ? last : undefined;
    }, 60_000);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'diminishing-repeats'), [], 'no repeated task left');
    await client.change(uri, [{ text: mixtureText }]);
    await settledDiagnostics();
  });

  test('hover on a task shows its counted tokens, its token share and its effective epochs with the paper', async () => {
    await settledDiagnostics();
    const hover = answered(await client.send(HoverRequest.type, { textDocument: { uri }, position: positionOf(mixtureText, 'name: short', 7) }));
    const value = (hover.contents as { value: string }).value;
    assert.match(value, new RegExp(`Tokens: ${shortTokens.toLocaleString('en-US')} counted in \`short\\.jsonl\``));
    assert.ok(value.includes(`**${formatPercent(shareShort)}** of the training tokens`), value);
    const worth = 1 + 15.387756 * (1 - Math.exp(-(epochsShort - 1) / 15.387756));
    assert.ok(value.includes(`Effective epochs: **${worth.toFixed(worth >= 10 ? 1 : 2)}**`), value);
    assert.match(value, /Muennighoff et al\. 2023, "Scaling Data-Constrained Language Models"/);
  });

  test('inlay hints put the token share beside the rate', async () => {
    await settledDiagnostics();
    const hints = answered(await client.send(InlayHintRequest.type, { textDocument: { uri }, range: everything }));
    const labels = hints.map((h) => String(h.label));
    assert.equal(labels.length, 2);
    assert.ok(labels[0]!.endsWith(` · ${formatPercent(shareShort)} tok`), labels[0]);
    assert.ok(labels[1]!.endsWith(` · ${formatPercent(1 - shareShort)} tok`), labels[1]);
  });

  test('counting reported progress to the client', async () => {
    await waitFor(`progress begun and ended (${progress.join(', ')})`, () => progress.includes('end'), 30_000);
    assert.deepEqual(progress.slice(0, 2), ['create', 'begin']);
  });

  test('a tokenizer that cannot be read is an error on the `tokenizer` line, and the tasks say why they have no tokens', async () => {
    writeFileSync(join(dir, 'notatokenizer.json'), '{"name": "x"}');
    const text = mixtureText.replace('tokenizer: tok', 'tokenizer: notatokenizer.json');
    const broken = await client.open(join(dir, 'broken.mixture.yaml'), text);
    const diagnostics = await settledDiagnostics(broken, 'tokenizer-unreadable');
    const error = diagnostics.find((d) => d.code === 'tokenizer-unreadable')!;
    assert.equal(error.severity, 1);
    assert.deepEqual(error.range, { start: positionOf(text, 'notatokenizer.json'), end: positionOf(text, 'notatokenizer.json', 'notatokenizer.json'.length) });
    assert.match(error.message, /not a tokenizer\.json/);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'tokens-unknown').map((d) => d.range.start.line), [9, 12]);
  });

  test('UniMax gets its N lowered to the threshold; the setting names the tokenizer of a file without one', async () => {
    client.settings = { tokenizer: tokenizerDir, diminishingRepeats: 3 };
    const text = mixtureText
      .replace('tokenizer: tok\n', '')
      .replace('  strategy: temperature\n  temperature: 2\n', '  strategy: unimax\n')
      .replace(`  tokens: ${budget}\n`, `  tokens: ${budget}\n  max_epochs: 8\n`);
    const unimax = await client.open(join(dir, 'unimax.mixture.yaml'), text);
    const diagnostics = await settledDiagnostics(unimax);
    const repeated = diagnostics.filter((d) => d.code === 'diminishing-repeats');
    assert.ok(repeated.length >= 1);
    assert.match(repeated[0]!.message, /past 3/);
    const actions = codeActions(await client.send(CodeActionRequest.type, { textDocument: { uri: unimax }, range: repeated[0]!.range, context: { diagnostics: repeated } }));
    const fix = actions.find((a) => a.title.includes("UniMax's N"));
    assert.ok(fix?.edit?.changes, actions.map((a) => a.title).join(' | '));
    assert.match(applyEdits(text, fix.edit.changes[unimax]!), /max_epochs: 3\n/);
    const hover = answered(await client.send(HoverRequest.type, { textDocument: { uri: unimax }, position: positionOf(text, 'name: long', 7) }));
    assert.match((hover.contents as { value: string }).value, new RegExp(`Tokens: ${longTokens.toLocaleString('en-US')} counted`));
  });
});
