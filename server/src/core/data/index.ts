// Data files: counting examples, reading records, field checks and T5's text-to-text view of a record.
export type {
  CountOutcome,
  CountSuccess,
  DataFailure,
  DataFailureKind,
  DataFormat,
  DataRecord,
  FieldNames,
  MissingField,
  RecordsOutcome,
  TextDataFormat,
} from './outcome';
export { countExamples, defaultSampleRecords, formatBytes, type CountOptions } from './countExamples';
export { DataCounter } from './dataCounter';
export { readRecords, type ReadRecordsOptions } from './readRecords';
export { getField, formatExample, findMissingFields, type FormattedExample } from './fields';
export { supportedExtensions } from './dataFormat';
export { notRegularFile, readTextFileLimited, type TextFileRead } from './regularFile';
