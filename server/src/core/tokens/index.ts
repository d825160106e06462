// Tokens as a unit (spec 1.1): the mixture's tokenizer, token counts of data files (cached, streamed, on worker
// threads for large files, estimated over the counting limit), and what the analysis makes of them.
export { TokenizerFiles, buildTokenizer, type LoadedTokenizer, type TokenizerOutcome, type TokenizerFailureKind } from './tokenizerFile';
export { recordTokens, tallyTokens, tokenCounterOf, type CountTokens, type TokenSource, type TokenTally, type TallyOptions } from './recordTokens';
export { TokenCounter, tokensOfCount, type TokenCountOutcome, type TokenCountRequest, type TokenCounterOptions, type TokenProgress } from './tokenCounter';
export { ProjectTokens, needsTokens, type TaskTokens, type TokenTask, type TokenSettings } from './taskTokens';
