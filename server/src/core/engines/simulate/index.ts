// What each training engine draws from a mixture (spec 1.1, `engine:`): `taskmix simulate` and the editor's views.
export { simulateEngine, engineSources, DEFAULT_MAX_DRAWS, type EngineSimulation, type EngineSource, type EngineTaskSimulation, type SimulateOptions } from './simulateEngine';
export { megatronBlendCounts, normalizeWeights } from './megatronBlend';
export { interleaveDraws, expectedInterleave, STOPPING_STRATEGIES, type InterleaveOutcome, type StoppingStrategy } from './hfInterleave';
export { mosaicEpoch, type MosaicEpoch, type StreamWeights } from './mosaicStreams';
export { olmoSourceMixture, sumsToOne, type OlmoOutcome, type OlmoSource } from './olmoMixture';
export { NumpyGenerator, choiceCdf } from './numpyRandom';
