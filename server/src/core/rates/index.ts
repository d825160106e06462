// The rates engine's public surface: import from here, not from the files behind it.
export * from './types';
export { computeRates, applyOverrides, rateTreeErrors, type ComputeRatesOptions } from './computeRates';
export { describeRawRate, formatRateNumber, sizeBasedRawRate } from './rawRate';
export { unimaxAllocation } from './unimax';
export { computeBalance } from './balance';
export { compareStrategies, describeStrategy, type StrategyColumn, type StrategyComparison } from './compare';
export { computeTransfer, type TransferInput, type TransferResult, type TaskGain, type TransferNote } from './transfer';
export {
  simulateSampling,
  samplingToCsv,
  samplingToJson,
  checkpointSteps,
  type SamplingOptions,
  type SamplingSimulation,
  type SamplingOutcome,
  type SampledTask,
} from './simulate';
export { Xoshiro128StarStar } from './prng';
export { sampleBinomial, binomialProbability } from './binomial';
