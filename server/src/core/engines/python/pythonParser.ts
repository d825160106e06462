// Python is read with a real grammar, tree-sitter-python's WASM build run by web-tree-sitter: never executed, never
// matched with regular expressions. The two .wasm files ship in dist/tree-sitter/ (esbuild.mjs copies them); tests
// and scripts that run from source find them in node_modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** A wasm file beside the bundle (dist/tree-sitter/NAME), else the package's own copy. */
function wasmFile(name: string, packagePath: string): string {
  const beside = join(__dirname, 'tree-sitter', name);
  if (existsSync(beside)) return beside;
  return require.resolve(packagePath);
}

let parser: Promise<Parser> | undefined;

/** The one Python parser of this process (loading the grammar takes tens of milliseconds: done once). */
function pythonParser(): Promise<Parser> {
  parser ??= (async () => {
    const runtime = wasmFile('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(wasmFile('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

/** The syntax tree of a Python source text (offsets are UTF-16 code units, as the core's ranges are). */
export async function parsePython(text: string): Promise<Tree> {
  const p = await pythonParser();
  const tree = p.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
