// A small builder for ONNX graphs: unique value names, initializers from typed arrays, one method per op we use.
import { AttributeType, DataType, type AttributeMsg, type GraphMsg, type NodeMsg, type TensorMsg, type ValueInfoMsg } from './onnxProto';

export type Dim = number | string;
type AttrValue = number | number[] | GraphMsg | { floats: number[] } | { float: number };

export function valueInfo(name: string, elemType: DataType, dims?: Dim[]): ValueInfoMsg {
  const tensor_type: ValueInfoMsg['type']['tensor_type'] = { elem_type: elemType };
  if (dims) tensor_type.shape = { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) };
  return { name, type: { tensor_type } };
}

function bytesOf(a: Float32Array | Int8Array | Uint8Array | BigInt64Array): Uint8Array {
  // Copy so the result is little-endian bytes of exactly this view (typed arrays are LE on every platform we run on).
  return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

export function tensorMsg(name: string, dims: number[], data: Float32Array | Int8Array | Uint8Array | BigInt64Array): TensorMsg {
  const data_type =
    data instanceof Float32Array ? DataType.FLOAT : data instanceof Int8Array ? DataType.INT8 : data instanceof Uint8Array ? DataType.UINT8 : DataType.INT64;
  return { name, dims, data_type, raw_data: bytesOf(data) };
}

function attribute(name: string, v: AttrValue): AttributeMsg {
  if (typeof v === 'number') return { name, type: AttributeType.INT, i: v };
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: v.floats };
  if ('float' in v) return { name, type: AttributeType.FLOAT, f: v.float };
  return { name, type: AttributeType.GRAPH, g: v };
}

/**
 * Builds one graph. Subgraphs (If branches) are separate builders sharing the parent's name counter, so every
 * value name is unique across the model, which ONNX requires for names visible from nested scopes.
 */
export class GraphBuilder {
  readonly nodes: NodeMsg[] = [];
  readonly initializers: TensorMsg[] = [];
  private readonly constCache = new Map<string, string>();
  private readonly counter: { n: number };
  /** Initializers and constants live in the outermost graph; If branches see them as outer-scope values. */
  private readonly root: GraphBuilder;

  constructor(readonly name: string, parent?: GraphBuilder) {
    this.counter = parent ? parent.counter : { n: 0 };
    this.root = parent ? parent.root : this;
  }

  fresh(hint: string): string {
    return `${hint}_${this.counter.n++}`;
  }

  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs: string[] | number = 1): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : outputs;
    this.nodes.push({
      name: this.fresh(`n_${opType}`),
      op_type: opType,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  op1(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.op(opType, inputs, attrs, output ? [output] : 1)[0]!;
  }

  initializer(name: string, dims: number[], data: Float32Array | Int8Array | Uint8Array | BigInt64Array): string {
    this.root.initializers.push(tensorMsg(name, dims, data));
    return name;
  }

  /** An initializer written once per model, however many graphs or branches ask for it. */
  initializerOnce(name: string, dims: number[], data: Float32Array | Int8Array | Uint8Array | BigInt64Array): string {
    if (!this.root.initializers.some((t) => t.name === name)) this.initializer(name, dims, data);
    return name;
  }

  /** An int64 constant (1-D, or a scalar when `scalar`), shared within this graph. */
  ints(values: number[], scalar = false): string {
    const key = `i${scalar ? 's' : ''}:${values.join(',')}`;
    let name = this.root.constCache.get(key);
    if (!name) {
      name = this.initializer(this.fresh('const_i64'), scalar ? [] : [values.length], BigInt64Array.from(values.map(BigInt)));
      this.root.constCache.set(key, name);
    }
    return name;
  }

  /** A float32 scalar constant, shared within this graph. */
  float(value: number): string {
    const key = `f:${value}`;
    let name = this.root.constCache.get(key);
    if (!name) {
      name = this.initializer(this.fresh('const_f32'), [], Float32Array.of(value));
      this.root.constCache.set(key, name);
    }
    return name;
  }

  toGraph(inputs: ValueInfoMsg[], outputs: ValueInfoMsg[]): GraphMsg {
    return { name: this.name, node: this.nodes, initializer: this.root === this ? this.initializers : [], input: inputs, output: outputs };
  }
}
