// Reading an engine's YAML (NeMo, OLMo, MosaicML, LLaMA-Factory) or JSON (Megatron's per-split blend,
// dataset_info.json) with offsets on every node, so that every complaint points at the value it is about.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../types';
import { EngineFileError, type EngineFile } from './model';

/** The [start, end) of a node, or of the whole text when there is none. */
export function rangeOf(node: Node | null | undefined, fallback: Range = [0, 0]): Range {
  return node?.range ? [node.range[0], node.range[1]] : fallback;
}

/** Parses YAML; a syntax error (a truncated file included) is an EngineFileError at the error. */
export function readYaml(file: EngineFile): Document.Parsed {
  const doc = parseDocument(file.text, { lineCounter: new LineCounter(), uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const [start, end] = error.pos;
    throw new EngineFileError(`not valid YAML: ${error.message.split('\n')[0]}`, file.path, [start, Math.max(start, end)]);
  }
  return doc;
}

/**
 * Parses JSON as Python's json.load would accept it (JSON.parse), then YAML's parser for the offsets (JSON is YAML).
 * A truncated or malformed file is an EngineFileError at the place JSON parsing stopped.
 */
export function readJson(file: EngineFile): Document.Parsed {
  try {
    JSON.parse(file.text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? file.text.length : 0;
    throw new EngineFileError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, file.path, [offset, Math.min(file.text.length, offset + 1)]);
  }
  return readYaml(file);
}

/** The pair of `key` in a mapping node. */
export function pairOf(map: YAMLMap<unknown, unknown>, key: string): Pair<Node, Node> | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node> | undefined;
}

/** The value node at `key` of a mapping node (undefined when absent or when `node` is not a mapping). */
export function valueAt(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = pairOf(node, key);
  return (pair?.value ?? undefined) as Node | undefined;
}

/** The value node at a path of keys. */
export function valueAtPath(node: unknown, keys: readonly string[]): Node | undefined {
  let at: unknown = node;
  for (const k of keys) {
    at = valueAt(at, k);
    if (at === undefined) return undefined;
  }
  return at as Node;
}

/** The keys of a mapping node, with the range of each key. */
export function keysOf(map: YAMLMap<unknown, unknown>): { key: string; range: Range }[] {
  return map.items.filter((p) => isScalar(p.key)).map((p) => ({ key: String((p.key as { value: unknown }).value), range: rangeOf(p.key as Node) }));
}

/** A scalar's value (numbers as numbers, everything else as YAML reads it), or undefined for collections. */
export function scalarValue(node: Node | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A scalar's source text as written (for weights and paths "as written"). */
export function scalarSource(node: Node | undefined, text: string): string | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const raw = text.slice(node.range[0], node.range[1]);
  return node.type === 'PLAIN' ? raw : String(node.value);
}

export { isMap, isScalar, isSeq };
