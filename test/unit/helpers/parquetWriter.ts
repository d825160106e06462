// A small, independent parquet writer for tests (no Python here): required INT32 and UTF-8 columns, optionally
// inside required structs, PLAIN-encoded and uncompressed, split into row groups. The footer is written with the
// thrift compact protocol as the parquet spec defines it, so hyparquet reads these files as any other.

export interface ParquetColumn {
  /** Dotted path: `id`, or `answers.text` for a field of the required struct `answers`. */
  path: string;
  type: 'int32' | 'string';
  values: (number | string)[];
}

const enum Compact {
  I32 = 5,
  I64 = 6,
  Binary = 8,
  List = 9,
  Struct = 12,
}

/** Thrift compact protocol encoder (the subset parquet metadata needs). */
class CompactWriter {
  readonly bytes: number[] = [];
  private lastField: number[] = [0];

  private varint(value: bigint): void {
    let v = value;
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  private zigzag(value: number | bigint): void {
    const v = BigInt(value);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  private fieldHeader(id: number, type: number): void {
    const delta = id - this.lastField[this.lastField.length - 1]!;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }
  i32(id: number, value: number): this {
    this.fieldHeader(id, Compact.I32);
    this.zigzag(value);
    return this;
  }
  i64(id: number, value: number): this {
    this.fieldHeader(id, Compact.I64);
    this.zigzag(value);
    return this;
  }
  string(id: number, value: string): this {
    this.fieldHeader(id, Compact.Binary);
    this.binary(value);
    return this;
  }
  private binary(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.varint(BigInt(encoded.length));
    this.bytes.push(...encoded);
  }
  private listHeader(size: number, type: number): void {
    if (size < 15) this.bytes.push((size << 4) | type);
    else {
      this.bytes.push(0xf0 | type);
      this.varint(BigInt(size));
    }
  }
  i32List(id: number, values: number[]): this {
    this.fieldHeader(id, Compact.List);
    this.listHeader(values.length, Compact.I32);
    for (const v of values) this.zigzag(v);
    return this;
  }
  stringList(id: number, values: string[]): this {
    this.fieldHeader(id, Compact.List);
    this.listHeader(values.length, Compact.Binary);
    for (const v of values) this.binary(v);
    return this;
  }
  structList<T>(id: number, items: T[], write: (w: this, item: T) => void): this {
    this.fieldHeader(id, Compact.List);
    this.listHeader(items.length, Compact.Struct);
    for (const item of items) this.inStruct(() => write(this, item));
    return this;
  }
  struct(id: number, write: (w: this) => void): this {
    this.fieldHeader(id, Compact.Struct);
    this.inStruct(() => write(this));
    return this;
  }
  private inStruct(write: () => void): void {
    this.lastField.push(0);
    write();
    this.bytes.push(0); // stop
    this.lastField.pop();
  }
  end(): Buffer {
    this.bytes.push(0);
    return Buffer.from(this.bytes);
  }
}

const parquetType = { int32: 1, string: 6 } as const;

function plainValues(column: ParquetColumn, from: number, to: number): Buffer {
  const parts: Buffer[] = [];
  for (const value of column.values.slice(from, to)) {
    if (column.type === 'int32') {
      const b = Buffer.alloc(4);
      b.writeInt32LE(value as number);
      parts.push(b);
    } else {
      const text = Buffer.from(String(value), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length);
      parts.push(length, text);
    }
  }
  return Buffer.concat(parts);
}

interface SchemaNode {
  name: string;
  column?: ParquetColumn;
  children: SchemaNode[];
}

function schemaTree(columns: ParquetColumn[]): SchemaNode {
  const root: SchemaNode = { name: 'schema', children: [] };
  for (const column of columns) {
    let node = root;
    const parts = column.path.split('.');
    parts.forEach((part, index) => {
      let child = node.children.find((c) => c.name === part);
      if (!child) {
        child = { name: part, children: [] };
        node.children.push(child);
      }
      if (index === parts.length - 1) child.column = column;
      node = child;
    });
  }
  return root;
}

/** Schema elements in depth-first order, as parquet flattens them. */
function flattenSchema(node: SchemaNode, isRoot: boolean, out: ((w: CompactWriter) => void)[]): void {
  out.push((w) => {
    if (node.column) {
      w.i32(1, parquetType[node.column.type]).i32(3, 0).string(4, node.name);
      if (node.column.type === 'string') w.i32(6, 0); // converted_type UTF8
    } else {
      if (!isRoot) w.i32(3, 0);
      w.string(4, node.name).i32(5, node.children.length);
    }
  });
  for (const child of node.children) flattenSchema(child, false, out);
}

/** Writes a parquet file's bytes: every column must have the same number of values. */
export function writeParquet(columns: ParquetColumn[], rowGroupSize = 1000): Buffer {
  const numRows = columns[0]?.values.length ?? 0;
  const parts: Buffer[] = [Buffer.from('PAR1')];
  let offset = 4;
  const rowGroups: { rows: number; bytes: number; chunks: { column: ParquetColumn; offset: number; size: number; values: number }[] }[] = [];
  for (let start = 0; start < numRows || (numRows === 0 && start === 0); start += rowGroupSize) {
    const end = Math.min(numRows, start + rowGroupSize);
    const group = { rows: end - start, bytes: 0, chunks: [] as { column: ParquetColumn; offset: number; size: number; values: number }[] };
    for (const column of columns) {
      const data = plainValues(column, start, end);
      const header = new CompactWriter()
        .i32(1, 0) // DATA_PAGE
        .i32(2, data.length)
        .i32(3, data.length)
        .struct(5, (w) => w.i32(1, end - start).i32(2, 0).i32(3, 3).i32(4, 3))
        .end();
      const size = header.length + data.length;
      group.chunks.push({ column, offset, size, values: end - start });
      parts.push(header, data);
      offset += size;
      group.bytes += size;
    }
    rowGroups.push(group);
    if (numRows === 0) break;
  }
  const schema: ((w: CompactWriter) => void)[] = [];
  flattenSchema(schemaTree(columns), true, schema);
  const footer = new CompactWriter()
    .i32(1, 1)
    .structList(2, schema, (w, write) => write(w))
    .i64(3, numRows)
    .structList(4, rowGroups, (w, group) => {
      w.structList(1, group.chunks, (cw, chunk) => {
        cw.i64(2, chunk.offset).struct(3, (m) =>
          m
            .i32(1, parquetType[chunk.column.type])
            .i32List(2, [0])
            .stringList(3, chunk.column.path.split('.'))
            .i32(4, 0)
            .i64(5, chunk.values)
            .i64(6, chunk.size)
            .i64(7, chunk.size)
            .i64(9, chunk.offset),
        );
      })
        .i64(2, group.bytes)
        .i64(3, group.rows);
    })
    .string(6, 'taskmix test writer')
    .end();
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.length);
  parts.push(footer, length, Buffer.from('PAR1'));
  return Buffer.concat(parts);
}
