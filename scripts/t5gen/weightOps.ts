// How a graph reads its weights: plain fp32 initializers, or q8 (int8 weights with per-column scales).
//
// q8 scheme "matmul-integer" (the default): DynamicQuantizeLinear on the activation + MatMulInteger, as onnxruntime's
// quantize_dynamic (and so Optimum's and transformers.js's q8 exports) writes it: uint8 activations, int8 weights.
// onnxruntime fuses it into MatMulIntegerToFloat / DynamicQuantizeMatMul; measured here it decodes about 10x
// faster than "dequantize" in onnxruntime-web WASM and 30x in onnxruntime-node (scripts/bench-t5.ts).
// q8 scheme "dequantize": int8 weight -> DequantizeLinear (axis 1) -> fp32 MatMul. onnxruntime does not
// constant-fold DequantizeLinear, so every run dequantizes every weight; kept for comparison.
// Either way embedding rows are gathered as int8 then scaled, and the files are about 4x smaller than fp32.
import type { GraphBuilder } from './graphBuilder';
import { DataType } from './onnxProto';
import type { Matrix } from './t5Weights';

export type Precision = 'fp32' | 'q8';
export type Q8Scheme = 'dequantize' | 'matmul-integer';
export const DEFAULT_Q8_SCHEME: Q8Scheme = 'matmul-integer';

/** Symmetric per-column int8 quantization of a [rows, cols] matrix. */
export function quantizeColumns(m: Matrix): { q: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) scales[c] = Math.max(scales[c]!, Math.abs(m.data[r * m.cols + c]!));
  }
  for (let c = 0; c < m.cols; c++) scales[c] = scales[c]! > 0 ? scales[c]! / 127 : 1;
  const q = new Int8Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) q[r * m.cols + c] = Math.round(m.data[r * m.cols + c]! / scales[c]!);
  }
  return { q, scales };
}

/** Symmetric per-row int8 quantization (for the embedding table, looked up by row). */
function quantizeRows(m: Matrix): { q: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(m.rows);
  const q = new Int8Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    let max = 0;
    for (let c = 0; c < m.cols; c++) max = Math.max(max, Math.abs(m.data[r * m.cols + c]!));
    const s = max > 0 ? max / 127 : 1;
    scales[r] = s;
    for (let c = 0; c < m.cols; c++) q[r * m.cols + c] = Math.round(m.data[r * m.cols + c]! / s);
  }
  return { q, scales };
}

export class WeightOps {
  /** Each weight is written once per model file even when both If branches use it. */
  private readonly written = new Map<string, string[]>();

  constructor(private readonly root: GraphBuilder, readonly precision: Precision, readonly scheme: Q8Scheme = DEFAULT_Q8_SCHEME) {}

  private once(key: string, make: () => string[]): string[] {
    let names = this.written.get(key);
    if (!names) {
      names = make();
      this.written.set(key, names);
    }
    return names;
  }

  /** x @ W for W [in, out]. */
  linear(g: GraphBuilder, x: string, key: string, w: Matrix): string {
    if (this.precision === 'fp32') {
      const [name] = this.once(key, () => [this.root.initializer(key, [w.rows, w.cols], w.data)]);
      return g.op1('MatMul', [x, name!]);
    }
    const [qName, scaleName] = this.once(key, () => {
      const { q, scales } = quantizeColumns(w);
      return [this.root.initializer(`${key}_quantized`, [w.rows, w.cols], q), this.root.initializer(`${key}_scale`, [w.cols], scales)];
    });
    if (this.scheme === 'dequantize') {
      // In the outermost graph: onnxruntime's DQ->MatMul rewrite cannot see outer-scope weights from an If branch
      // ("Missing required weight"), and one DequantizeLinear then serves both branches.
      const [wf] = this.once(`${key}#dq`, () => {
        const zp = this.root.initializer(`${key}_zero_point`, [w.cols], new Int8Array(w.cols));
        return [this.root.op1('DequantizeLinear', [qName!, scaleName!, zp], { axis: 1 })];
      });
      return g.op1('MatMul', [x, wf!]);
    }
    const [xq, xs, xz] = g.op('DynamicQuantizeLinear', [x], {}, 3);
    const yInt = g.op1('MatMulInteger', [xq!, qName!, xz!]);
    const yf = g.op1('Cast', [yInt], { to: DataType.FLOAT });
    // Mul(Cast(MatMulInteger), Mul(x_scale, w_scale)), exactly as quantize_dynamic writes it: onnxruntime fuses
    // only this shape into MatMulIntegerToFloat (and with an unshared DynamicQuantizeLinear, DynamicQuantizeMatMul).
    return g.op1('Mul', [yf, g.op1('Mul', [xs!, scaleName!])]);
  }

  /** Rows of the [vocab, d_model] embedding for int64 ids of any shape. */
  embed(g: GraphBuilder, ids: string, key: string, table: Matrix): string {
    if (this.precision === 'fp32') {
      const [name] = this.once(key, () => [this.root.initializer(key, [table.rows, table.cols], table.data)]);
      return g.op1('Gather', [name!, ids], { axis: 0 });
    }
    const [qName, scaleName] = this.once(key, () => {
      const { q, scales } = quantizeRows(table);
      return [this.root.initializer(`${key}_quantized`, [table.rows, table.cols], q), this.root.initializer(`${key}_scale`, [table.rows, 1], scales)];
    });
    const rows = g.op1('Cast', [g.op1('Gather', [qName!, ids], { axis: 0 })], { to: DataType.FLOAT });
    return g.op1('Mul', [rows, g.op1('Gather', [scaleName!, ids], { axis: 0 })]);
  }
}
