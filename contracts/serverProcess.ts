// How the language server's Node process is started, shared by the VS Code client, the LSP tests and the benchmark.
//
// V8 sizes its heap growth by the heap limit: with the default limit (a quarter of the machine's memory) it lets
// each keystroke's short-lived analysis of a 10,000-task file pile up to over 300 MB before collecting. A 512 MB old
// space keeps the peak near 185 MB there while leaving room for several 4 MiB mixtures (the parser's limit), whose
// live data is about 150 MB each at most.
export const SERVER_NODE_ARGS: readonly string[] = ['--max-old-space-size=512'];
