// Lint: the usual correctness rules, plus the one rule that keeps the house standing: imports point down.
// `npm test` runs it (through `npm run lint`), so a wrong-way import fails the build like a type error does.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The homes, by where their code runs, and what each may import (see ARCHITECTURE.md). The first home whose folder
 * holds a file is its home. `typeOnly` homes may be imported only with `import type` / `export type`: the
 * contracts carry the core's result types to the client and the views without bundling any of the core's code.
 */
const homes = [
  { name: 'core', dir: 'server/src/core', may: ['core'], packages: /^(vscode|vscode-languageserver.*|vscode-languageclient.*|onnxruntime-.*)(\/|$)/ },
  { name: 'contracts', dir: 'contracts', may: ['contracts'], typeOnly: ['core'], packages: /^(vscode|vscode-languageclient.*|vscode-languageserver(\/.*)?|node:.*|onnxruntime-.*)$/ },
  { name: 't5', dir: 't5', may: ['t5', 'contracts'], packages: /^(vscode|vscode-language.*)(\/|$)/ },
  { name: 'lsp', dir: 'server/src/lsp', may: ['lsp', 'core', 'contracts'], packages: /^(vscode|vscode-languageclient.*)(\/|$)/ },
  { name: 'cli', dir: 'server/src/cli', may: ['cli', 'core', 'contracts', 't5'], packages: /^(vscode|vscode-language.*)(\/|$)/ },
  { name: 'server', dir: 'server/src', may: ['server', 'lsp', 'cli', 'core', 'contracts'] },
  { name: 'webview', dir: 'client/webview', may: ['webview', 'contracts', 't5'], packages: /^(vscode|vscode-language.*|node:.*)(\/|$)/ },
  { name: 'client', dir: 'client/src', may: ['client', 'contracts', 't5'], packages: /^vscode-languageserver(\/|$)/ },
];

function homeOf(file) {
  const rel = relative(root, file).split(sep).join('/');
  return homes.find((h) => rel === h.dir || rel.startsWith(h.dir + '/'));
}

const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point down: each home imports only the homes below it (ARCHITECTURE.md).' },
    schema: [],
    messages: {
      upward: "{{from}} may not import {{to}} ('{{spec}}'): {{from}} imports only {{allowed}}. See ARCHITECTURE.md, 'Homes and imports'.",
      typeOnly: "{{from}} may import {{to}} only as types ('import type'): '{{spec}}' would bundle {{to}}'s code into {{from}}.",
      package: "{{from}} may not import the package '{{spec}}' (it does not run where {{from}} runs).",
    },
  },
  create(context) {
    const from = homeOf(context.filename);
    if (!from) return {};
    function check(node, source, isType) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) {
        if (from.packages && from.packages.test(spec)) context.report({ node: source, messageId: 'package', data: { from: from.name, spec } });
        return;
      }
      const to = homeOf(resolve(dirname(context.filename), spec));
      if (!to || to === from || from.may.includes(to.name)) return;
      if (from.typeOnly?.includes(to.name)) {
        if (!isType) context.report({ node: source, messageId: 'typeOnly', data: { from: from.name, to: to.name, spec } });
        return;
      }
      context.report({ node: source, messageId: 'upward', data: { from: from.name, to: to.name, spec, allowed: from.may.join(', ') } });
    }
    const allSpecifiersType = (node) => node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
    return {
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type' || allSpecifiersType(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type' || allSpecifiersType(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.cache/**', 'test-results/**', 'test/fixtures/**', 'examples/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
    plugins: { taskmix: { rules: { 'import-direction': importDirection } } },
    rules: {
      'taskmix/import-direction': 'error',
      // TypeScript checks names (tsc --noEmit with `strict`); ESLint's scope analysis does not know DOM or Node globals.
      'no-undef': 'off',
      // `namespace X { export const method; export const type }` is how every custom message is declared (vscode-eslint's style).
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
);
