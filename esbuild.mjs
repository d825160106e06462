// The one build config: every entry (extension, server, CLI, webviews, tests, scripts) goes through here.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --only=a,b builds just the entries whose source path contains one of the parts (fast, isolated iteration).
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : null;
const wanted = (src) => !only || only.some((part) => src.includes(part));

/** Files under dir whose names match re, recursively. */
function findFiles(dir, re) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

/**
 * `import source from 'worker-source:./file.ts'` gives the file bundled with everything it imports (packages too) as
 * one string, for `new Worker(source, { eval: true })`. Why: a worker that needs a package (the token counter needs
 * @huggingface/tokenizers) cannot `require` it in the .vsix (no node_modules there) nor in out/ (packages external),
 * and a worker file of its own would need a resolver that finds it next to whichever bundle runs; the string goes
 * wherever its bundle goes. server/src/workerSource.d.ts types the import.
 */
const workerSourcePlugin = {
  name: 'worker-source',
  setup(build) {
    build.onResolve({ filter: /^worker-source:/ }, (args) => ({
      path: join(args.resolveDir, args.path.slice('worker-source:'.length)),
      namespace: 'worker-source',
    }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        write: false,
        metafile: true,
        minify: production,
        logLevel: 'warning',
        define: { 'import.meta.url': '__taskmixImportMetaUrl' },
        banner: { js: "var __taskmixImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
      });
      return {
        contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(result.metafile.inputs).map((f) => join(process.cwd(), f)),
      };
    });
  },
};

const nodeCommon = {
  plugins: [workerSourcePlugin],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ES modules bundled into CommonJS (onnxruntime-web's Node entry) read import.meta.url: give them this file's URL.
  define: { 'import.meta.url': '__taskmixImportMetaUrl' },
  banner: { js: "var __taskmixImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

/** Node entries shipped in the extension: [source, output name, extra options]. */
const nodeEntries = [
  ['server/src/server.ts', 'dist/server.js', {}],
  ['server/src/cli.ts', 'dist/cli.js', {
      banner: { js: "#!/usr/bin/env node\n" + nodeCommon.banner.js },
      define: { ...nodeCommon.define, TASKMIX_VERSION_DEFINE: JSON.stringify(pkg.version) },
    }],
  ['client/src/extension.ts', 'dist/extension.js', { external: ['vscode'] }],
].filter(([src]) => existsSync(src) && wanted(src));

/** Browser entries (webviews): client/webview/<view>/main.ts -> dist/webview/<view>.js */
const webviewEntries = findFiles('client/webview', /^main\.ts$/).map((src) => {
  const view = relative('client/webview', src).split(/[\\/]/)[0];
  return [src, `dist/webview/${view}.js`];
}).filter(([src]) => wanted(src));
// The playground's model worker. ORT's extern-wasm entries: the page hands the worker ORT's glue and .wasm.
const playgroundWorker = 'client/webview/playground/worker.ts';
if (existsSync(playgroundWorker) && wanted(playgroundWorker)) {
  webviewEntries.push([playgroundWorker, 'dist/webview/playground-worker.js', { conditions: ['onnxruntime-web-use-extern-wasm'] }]);
}

/** Tests and scripts are transpiled too (not shipped): out/<same path>.js, node_modules left external. */
const devEntries = production
  ? []
  : [...findFiles('test', /\.test\.ts$/), ...findFiles('scripts', /\.ts$/), ...findFiles('test/helpers', /\.ts$/),
      // Mocha suites run inside VS Code's extension host by the e2e tests (not by node --test).
      ...findFiles('test/e2e/suite', /\.ts$/)]
      .filter((f, i, a) => a.indexOf(f) === i && wanted(f));

const builds = [
  ...nodeEntries.map(([src, outfile, extra]) => ({ ...nodeCommon, entryPoints: [src], outfile, ...extra })),
  ...webviewEntries.map(([src, outfile, extra]) => ({
    ...nodeCommon,
    define: {},
    banner: {},
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    entryPoints: [src],
    outfile,
    ...extra,
  })),
  ...(devEntries.length
    ? [{
        ...nodeCommon,
        sourcemap: 'inline',
        entryPoints: devEntries,
        outdir: 'out',
        outbase: '.',
        packages: 'external',
      }]
    : []),
];

// A production build (npm run package) leaves out/ alone: the e2e tests run from there while packaging.
if (!watch && !only && !production) rmSync('out', { recursive: true, force: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

// The Python grammar `taskmix import` reads seqio and Hugging Face files with (web-tree-sitter's runtime and
// tree-sitter-python's WASM build), shipped in dist/tree-sitter/ beside the CLI and the server that load it.
if (!only || ['server/src/cli', 'server/src/server', 'dist/tree-sitter'].some(wanted)) {
  mkdirSync('dist/tree-sitter', { recursive: true });
  for (const from of ['node_modules/web-tree-sitter/tree-sitter.wasm', 'node_modules/tree-sitter-python/tree-sitter-python.wasm']) {
    const to = join('dist/tree-sitter', from.split('/').pop());
    if (!existsSync(to) || statSync(to).size !== statSync(from).size || statSync(to).mtimeMs < statSync(from).mtimeMs) copyFileSync(from, to);
  }
}

// onnxruntime-web's runtime files, shipped in dist/ort/ (the playground fetches them; the CLI's Node loader looks
// there too): only the plain WASM build and the asyncify build behind the `onnxruntime-web/webgpu` entry.
if (!only || ['client/webview/playground', 'server/src/cli', 'dist/ort'].some(wanted)) {
  const ortDist = 'node_modules/onnxruntime-web/dist';
  mkdirSync('dist/ort', { recursive: true });
  for (const f of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.asyncify.wasm', 'ort-wasm-simd-threaded.asyncify.mjs']) {
    const from = join(ortDist, f);
    const to = join('dist/ort', f);
    if (!existsSync(to) || statSync(to).size !== statSync(from).size || statSync(to).mtimeMs < statSync(from).mtimeMs) copyFileSync(from, to);
  }
}
