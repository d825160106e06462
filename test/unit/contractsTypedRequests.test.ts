// Every custom request and notification is declared once, in contracts/lsp.ts, and every caller uses its typed
// object (`TasksRequest.type`), never the raw method string with an inline result type: a renamed method or a
// changed answer then fails the type-check instead of a user. The only raw sends are the LSP tests' negative
// cases (an unknown method, params the types forbid), each through `requestUnchecked` and marked so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');

/** Where code that sends LSP messages lives, outside contracts/ (and outside the server, which registers them). */
const CALLER_DIRS = ['client/src', 'client/webview', 'test/lsp', 'test/browser', 'test/e2e', 'scripts'];
/** The trailing comment that marks a deliberate unchecked send, with why. */
const UNCHECKED_MARK = /\/\/ unchecked: \S/;
/** A string that is a whole method name (`'taskmix/tasks'`), or builds one (`'taskmix/' + name`, `` `taskmix/${name}` ``);
 *  prose that starts with one (a test's title, a log line) is not a method. */
const RAW_METHOD = /(['"`])taskmix\/(?:[A-Za-z_$][\w$]*)?\1|`taskmix\/(?:[\w$]*)\$\{/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.[cm]?[jt]sx?$/.test(name)) out.push(path);
  }
  return out;
}

const isComment = (line: string) => /^\s*(\/\/|\/\*|\*)/.test(line);

/** What is wrong with one line of `file` (a repository-relative path with `/`), or null. */
function rawMethodProblem(file: string, line: string): string | null {
  if (isComment(line)) return null;
  const negativeTestsMayMark = file.startsWith('test/lsp/') && file.endsWith('.test.ts');
  if (line.includes('requestUnchecked(') && !file.startsWith('test/lsp/harness.')) {
    if (!negativeTestsMayMark) return 'requestUnchecked is only for the negative cases of test/lsp';
    if (!UNCHECKED_MARK.test(line)) return 'requestUnchecked without a trailing `// unchecked: why`';
  }
  if (RAW_METHOD.test(line) && !(negativeTestsMayMark && UNCHECKED_MARK.test(line) && line.includes('requestUnchecked('))) {
    return "a raw 'taskmix/...' method: use the request's type from contracts/lsp.ts";
  }
  return null;
}

test('the rule sees raw methods and unmarked unchecked sends, and lets typed calls and comments be', () => {
  const lsp = 'test/lsp/features.test.ts';
  assert.ok(rawMethodProblem('client/src/views/x.ts', "const m = 'taskmix/tasks';"));
  assert.ok(rawMethodProblem('scripts/bench.ts', 'client.sendRequest("taskmix/rates", { uri })'));
  assert.ok(rawMethodProblem('client/src/x.ts', "client.sendRequest('taskmix/' + name, params)"));
  assert.ok(rawMethodProblem('client/src/x.ts', 'client.sendRequest(`taskmix/${name}`, params)'));
  assert.ok(rawMethodProblem(lsp, "await client.requestUnchecked('taskmix/nope', {});"));
  assert.ok(rawMethodProblem(lsp, "await client.requestUnchecked('taskmix/nope', {}); // why"));
  assert.ok(rawMethodProblem('scripts/bench.ts', "client.requestUnchecked('taskmix/nope', {}); // unchecked: not a test"));
  assert.ok(rawMethodProblem(lsp, "const x = 'taskmix/rates'; // unchecked: no unchecked send here"));
  assert.equal(rawMethodProblem(lsp, "await client.requestUnchecked('taskmix/nope', {}); // unchecked: no such method"), null);
  assert.equal(rawMethodProblem(lsp, 'await client.send(RatesRequest.type, { uri });'), null);
  assert.equal(rawMethodProblem('client/src/x.ts', '// fed by the server\'s `taskmix/ratesChanged`'), null);
  assert.equal(rawMethodProblem('client/src/x.ts', "  /** \"Received 'taskmix/whatIfRates'\" lines */"), null);
  assert.equal(rawMethodProblem('client/src/x.ts', "executeCommand('taskmix.showBalancePreview')"), null);
  assert.equal(rawMethodProblem('client/src/x.ts', 'log(`taskmix/balance failed for ${uri}`)'), null);
  assert.equal(rawMethodProblem(lsp, "test('taskmix/evaluate scores as `taskmix eval` does', async () => {"), null);
});

test("no client, view, LSP test or script sends a raw 'taskmix/...' method outside contracts/", () => {
  const problems: string[] = [];
  let scanned = 0;
  for (const dir of CALLER_DIRS) {
    for (const path of sourceFiles(join(repoRoot, dir))) {
      scanned++;
      const file = relative(repoRoot, path).split(sep).join('/');
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const problem = rawMethodProblem(file, line);
          if (problem) problems.push(`${file}:${i + 1}: ${problem}\n    ${line.trim()}`);
        });
    }
  }
  assert.ok(scanned > 20, `only ${scanned} files scanned: are the folders still there?`);
  assert.deepEqual(problems, []);
});
