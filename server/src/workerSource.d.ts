// `import source from 'worker-source:./file.ts'`: the file bundled with all it imports, as one string, for
// `new Worker(source, { eval: true })` (esbuild.mjs, workerSourcePlugin, says why).
declare module 'worker-source:*' {
  const source: string;
  export default source;
}
