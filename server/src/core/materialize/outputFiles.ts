// The output files: one, or K shards named `PATH-00000-of-0000K.ext` (the Hugging Face convention), filled in order.
// Each is written under a hidden temporary name in the same folder and renamed only once it is complete and synced,
// so a file with the final name is always whole; on any failure (a full disk, cancellation) the temporary files are
// removed. Parquet goes through hyparquet-writer's incremental ParquetWriter, one row group per 10,000 rows.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type * as HyparquetWriter from 'hyparquet-writer';
import type { ParquetWriter, Writer } from 'hyparquet-writer';

type WriterModule = typeof HyparquetWriter;
import { MaterializeError } from './errors';

export type OutputFormat = 'jsonl' | 'parquet';

/** What parquet's `targets` column holds: text, or lists of text (SQuAD-style references). */
export type TargetsColumn = 'string' | 'list';

export interface WrittenFile {
  path: string;
  examples: number;
  bytes: number;
}

/** The file names: PATH itself for one file; for shards, PATH without its extension + `-0000k-of-0000K.ext`. */
export function outputPaths(out: string, shards: number, format: OutputFormat): string[] {
  if (shards === 1) return [out];
  const ext = `.${format}`;
  const base = extname(out).toLowerCase() === ext ? out.slice(0, -ext.length) : out;
  const width = Math.max(5, String(shards).length);
  const total = String(shards).padStart(width, '0');
  return Array.from({ length: shards }, (_, k) => `${base}-${String(k).padStart(width, '0')}-of-${total}${ext}`);
}

/** Output files that exist already (refused without --force). */
export function existingOutputs(paths: readonly string[]): string[] {
  return paths.filter((p) => existsSync(p));
}

interface ShardWriter {
  /** One example: its JSON line (with the line feed) as bytes [start, end) of `bytes`. */
  add(bytes: Buffer, start: number, end: number): void;
  /** Writes what is buffered and syncs; the file is complete after this. */
  close(): void;
  /** Closes without completing (the caller removes the file). */
  discard(): void;
}

export interface OutputOptions {
  format: OutputFormat;
  targets: TargetsColumn;
  /** Stored in each parquet file's key-value metadata: where the file came from. */
  provenance: Record<string, unknown>;
}

export class OutputFiles {
  private readonly temps: string[];
  private shard = -1;
  private inShard = 0;
  private writer: ShardWriter | undefined;
  private readonly written: WrittenFile[] = [];
  private writerModule: WriterModule | undefined;

  private constructor(
    private readonly paths: readonly string[],
    private readonly sizes: readonly number[],
    private readonly options: OutputOptions,
  ) {
    const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
    this.temps = paths.map((p) => join(dirname(p), `.${basename(p)}.${tag}.partial`));
  }

  static async open(paths: readonly string[], sizes: readonly number[], options: OutputOptions): Promise<OutputFiles> {
    const files = new OutputFiles(paths, sizes, options);
    if (options.format === 'parquet') files.writerModule = await import('hyparquet-writer');
    return files;
  }

  /** The next example, in output order. */
  add(bytes: Buffer, start: number, end: number): void {
    while (!this.writer || this.inShard === this.sizes[this.shard]) this.nextShard();
    this.writer.add(bytes, start, end);
    this.inShard++;
  }

  /** Completes every file and gives each its final name. */
  finish(): WrittenFile[] {
    while (this.shard < this.paths.length - 1 || this.writer) this.nextShard();
    for (let k = 0; k < this.paths.length; k++) {
      try {
        renameSync(this.temps[k]!, this.paths[k]!);
      } catch (error) {
        throw outputError(error, this.paths[k]!);
      }
    }
    return this.written;
  }

  /** Removes every temporary file (after a failure); files already renamed by finish() stay. */
  abort(): void {
    try {
      this.writer?.discard();
    } catch {
      // Already failing: the file is removed below either way.
    }
    this.writer = undefined;
    for (const temp of this.temps) {
      try {
        unlinkSync(temp);
      } catch {
        // Not created yet, or already renamed.
      }
    }
  }

  private nextShard(): void {
    if (this.writer) {
      if (this.inShard !== this.sizes[this.shard]) throw new Error(`materialize: shard ${this.shard} got ${this.inShard} of ${this.sizes[this.shard]} examples`);
      this.writer.close();
      this.writer = undefined;
      const path = this.paths[this.shard]!;
      this.written.push({ path, examples: this.inShard, bytes: statSync(this.temps[this.shard]!).size });
    }
    if (this.shard === this.paths.length - 1) return;
    this.shard++;
    this.inShard = 0;
    const temp = this.temps[this.shard]!;
    const provenance = { ...this.options.provenance, shard: this.shard, shards: this.paths.length };
    this.writer =
      this.options.format === 'jsonl'
        ? new JsonlWriter(temp, this.paths[this.shard]!)
        : new ParquetShardWriter(this.writerModule!, temp, this.paths[this.shard]!, this.options.targets, provenance);
  }
}

function outputError(error: unknown, path: string): MaterializeError {
  const e = error as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOSPC' ? 'the disk is full'
    : e.code === 'EDQUOT' ? 'the disk quota is exceeded'
    : e.code === 'EFBIG' ? 'the file is larger than this system allows'
    : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied'
    : e.code === 'ENOENT' ? 'its folder does not exist'
    : e.message;
  return new MaterializeError('output', `cannot write (${why}); the partial output was removed`, { file: path });
}

/** An open file written with synchronous positional-free writes, every failure turned into an output error. */
class FileSink {
  private readonly fd: number;

  constructor(
    temp: string,
    private readonly shown: string,
  ) {
    try {
      this.fd = openSync(temp, 'wx');
    } catch (error) {
      throw outputError(error, shown);
    }
  }

  write(bytes: Uint8Array, start: number, end: number): void {
    let at = start;
    try {
      while (at < end) at += writeSync(this.fd, bytes, at, end - at);
    } catch (error) {
      throw outputError(error, this.shown);
    }
  }

  close(sync: boolean): void {
    try {
      // Synced before the rename: a crash after it must not leave an empty or short file under the final name.
      if (sync) fdatasyncSync(this.fd);
    } catch (error) {
      throw outputError(error, this.shown);
    } finally {
      closeSync(this.fd);
    }
  }
}

class JsonlWriter implements ShardWriter {
  private readonly sink: FileSink;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  constructor(temp: string, shown: string) {
    this.sink = new FileSink(temp, shown);
  }

  add(bytes: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.used + length > this.buffer.length) this.flush();
    if (length > this.buffer.length) this.sink.write(bytes, start, end);
    else {
      bytes.copy(this.buffer, this.used, start, end);
      this.used += length;
    }
  }

  close(): void {
    this.flush();
    this.sink.close(true);
  }

  discard(): void {
    this.sink.close(false);
  }

  private flush(): void {
    if (this.used > 0) this.sink.write(this.buffer, 0, this.used);
    this.used = 0;
  }
}

const rowGroupRows = 10_000;

class ParquetShardWriter implements ShardWriter {
  private readonly sink: FileSink;
  private readonly writer: ParquetWriter;
  private task: string[] = [];
  private inputs: string[] = [];
  private targets: (string | string[])[] = [];

  constructor(
    module: WriterModule,
    temp: string,
    shown: string,
    private readonly targetsColumn: TargetsColumn,
    provenance: Record<string, unknown>,
  ) {
    this.sink = new FileSink(temp, shown);
    const text = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' } as const;
    const targetsSchema =
      targetsColumn === 'string'
        ? [{ name: 'targets', ...text }]
        : [
            { name: 'targets', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 } as const,
            { name: 'list', repetition_type: 'REPEATED', num_children: 1 } as const,
            { name: 'element', ...text },
          ];
    this.writer = new module.ParquetWriter({
      writer: fileWriter(module, this.sink),
      schema: [{ name: 'root', num_children: 3 }, { name: 'task', ...text }, { name: 'inputs', ...text }, ...targetsSchema],
      kvMetadata: [{ key: 'taskmix', value: JSON.stringify(provenance) }],
      createdBy: 'taskmix',
    });
  }

  add(bytes: Buffer, start: number, end: number): void {
    const example = JSON.parse(bytes.toString('utf8', start, end)) as { task: string; inputs: string; targets: string | string[] };
    this.task.push(example.task);
    this.inputs.push(example.inputs);
    const target = example.targets;
    if (this.targetsColumn === 'list') this.targets.push(Array.isArray(target) ? target : [target]);
    else if (typeof target === 'string') this.targets.push(target);
    else {
      throw new MaterializeError(
        'input',
        `task '${example.task}' has a list of targets, but the parquet column was made for text from the records read first: write --format jsonl, or give every task the same kind of target`,
      );
    }
    if (this.task.length === rowGroupRows) this.flushRows();
  }

  close(): void {
    this.flushRows();
    void this.writer.finish(); // synchronous with this writer: its flush writes at once
    this.sink.close(true);
  }

  discard(): void {
    this.sink.close(false);
  }

  private flushRows(): void {
    if (this.task.length === 0) return;
    void this.writer.write({
      columnData: [
        { name: 'task', data: this.task },
        { name: 'inputs', data: this.inputs },
        { name: 'targets', data: this.targets },
      ],
      rowGroupSize: rowGroupRows,
    });
    this.task = [];
    this.inputs = [];
    this.targets = [];
  }
}

/** hyparquet-writer's ByteWriter, flushed into the sink whenever a megabyte has gathered (as its own fileWriter does,
 *  but on a descriptor we own, so that a failed write is ours to report and clean up). */
function fileWriter(module: WriterModule, sink: FileSink): Writer {
  const writer = new module.ByteWriter() as Writer & { index: number };
  const flushAt = 1 << 20;
  const flush = (): void => {
    sink.write(new Uint8Array(writer.buffer, 0, writer.index), 0, writer.index);
    writer.index = 0;
  };
  const grow = writer.ensure.bind(writer);
  writer.ensure = (size: number): void => {
    if (writer.index > flushAt) flush();
    grow(size);
  };
  writer.flush = flush;
  writer.finish = flush;
  return writer;
}
