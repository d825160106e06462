// Static values of Python expressions: literals (numbers, strings, None, booleans, lists, tuples), arithmetic on
// numbers, list concatenation, module-level names bound by plain assignments, and calls kept as calls (callee as
// its dotted text, arguments as values). Anything else is `opaque` with the reason, so that a reader can say what
// it could not read and where. Nothing is executed.
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../../types';

export type PyValue =
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'none'; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'list'; items: PyValue[]; node: Node }
  | { kind: 'tuple'; items: PyValue[]; node: Node }
  | { kind: 'call'; callee: string; args: PyValue[]; kwargs: Map<string, PyValue>; node: Node }
  /** A name or attribute that is not bound to a value here (a function, a module's member). */
  | { kind: 'ref'; name: string; node: Node }
  | { kind: 'opaque'; why: string; node: Node };

export function rangeOfNode(node: Node): Range {
  return [node.startIndex, node.endIndex];
}

/** Source text for a message: on one line, at most 80 characters. */
export function shortSource(node: Node): string {
  const t = node.text.replace(/\s+/g, ' ');
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

function children(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** Module-level `name = value` bindings, in order, for the names a reader looks up. */
export class ModuleScope {
  private readonly bindings = new Map<string, Node[]>();

  constructor(readonly tree: Tree) {
    for (const stmt of children(tree.rootNode)) {
      if (stmt.type !== 'expression_statement') continue;
      const assign = children(stmt)[0];
      if (assign?.type !== 'assignment') continue;
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const list = this.bindings.get(left.text) ?? [];
      list.push(right);
      this.bindings.set(left.text, list);
    }
  }

  /** The value expression a name has at `at`: its last module-level assignment before that offset. */
  lookup(name: string, at: number): Node | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    let found: Node | undefined;
    for (const n of list) if (n.startIndex < at) found = n;
    return found;
  }

  /** The name a statement assigns the value at `node` to, when it is `name = <node>` at module level. */
  assignedName(node: Node): string | undefined {
    const parent = node.parent;
    if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) return undefined;
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n|.)/g, (_, e: string) => {
    if (e === '\n') return '';
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? `\\${e}`;
  });
}

function stringValue(node: Node): PyValue {
  const start = children(node).find((c) => c.type === 'string_start')?.text ?? node.text.slice(0, 1);
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') && children(node).some((c) => c.type === 'interpolation')) return { kind: 'opaque', why: 'an f-string (computed when Python runs)', node };
  if (prefix.includes('b')) return { kind: 'opaque', why: 'a bytes literal', node };
  const raw = prefix.includes('r');
  let value = '';
  for (const c of node.children) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    value += raw ? c.text : c.type === 'escape_sequence' ? unescape(c.text) : c.text;
  }
  return { kind: 'string', value, node };
}

function numberValue(node: Node): PyValue {
  const t = node.text.replace(/_/g, '').toLowerCase();
  if (/[jJ]$/.test(t)) return { kind: 'opaque', why: 'a complex number', node };
  let value: number;
  if (/^0x/.test(t)) value = parseInt(t.slice(2), 16);
  else if (/^0o/.test(t)) value = parseInt(t.slice(2), 8);
  else if (/^0b/.test(t)) value = parseInt(t.slice(2), 2);
  else value = Number(t);
  return Number.isNaN(value) ? { kind: 'opaque', why: `the number ${node.text}`, node } : { kind: 'number', value, node };
}

/** Evaluates an expression statically; `depth` guards against names bound to themselves. */
export function evaluate(node: Node, scope: ModuleScope, depth = 0): PyValue {
  if (depth > 50) return { kind: 'opaque', why: 'a chain of names too deep to follow', node };
  switch (node.type) {
    case 'integer':
    case 'float':
      return numberValue(node);
    case 'string':
      return stringValue(node);
    case 'concatenated_string': {
      let value = '';
      for (const part of children(node)) {
        const v = stringValue(part);
        if (v.kind !== 'string') return v;
        value += v.value;
      }
      return { kind: 'string', value, node };
    }
    case 'none':
      return { kind: 'none', node };
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true', node };
    case 'parenthesized_expression': {
      const inner = children(node)[0];
      return inner ? evaluate(inner, scope, depth + 1) : { kind: 'opaque', why: 'empty parentheses', node };
    }
    case 'list':
    case 'tuple': {
      const items: PyValue[] = [];
      for (const c of children(node)) {
        if (c.type === 'list_splat') return { kind: 'opaque', why: 'a *unpacked list', node: c };
        items.push(evaluate(c, scope, depth + 1));
      }
      return { kind: node.type, items, node };
    }
    case 'unary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const arg = node.childForFieldName('argument');
      const v = arg ? evaluate(arg, scope, depth + 1) : undefined;
      if (v?.kind === 'number' && (op === '-' || op === '+')) return { kind: 'number', value: op === '-' ? -v.value : v.value, node };
      return { kind: 'opaque', why: `the expression ${shortSource(node)}`, node };
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const left = evaluate(node.childForFieldName('left')!, scope, depth + 1);
      const right = evaluate(node.childForFieldName('right')!, scope, depth + 1);
      if (left.kind === 'number' && right.kind === 'number') {
        const a = left.value;
        const b = right.value;
        const value = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : op === '**' ? a ** b : op === '//' ? Math.floor(a / b) : NaN;
        if (Number.isFinite(value)) return { kind: 'number', value, node };
      }
      if (op === '+' && left.kind === 'list' && right.kind === 'list') return { kind: 'list', items: [...left.items, ...right.items], node };
      if (left.kind === 'opaque') return left;
      if (right.kind === 'opaque') return right;
      return { kind: 'opaque', why: `the expression ${shortSource(node)} (computed when Python runs)`, node };
    }
    case 'identifier': {
      const bound = scope.lookup(node.text, node.startIndex);
      return bound ? evaluate(bound, scope, depth + 1) : { kind: 'ref', name: node.text, node };
    }
    case 'attribute':
      return { kind: 'ref', name: node.text.replace(/\s+/g, ''), node };
    case 'call': {
      const fn = node.childForFieldName('function');
      const argList = node.childForFieldName('arguments');
      if (!fn || !argList || argList.type !== 'argument_list') return { kind: 'opaque', why: 'a call with a generator argument', node };
      const callee = fn.type === 'identifier' || fn.type === 'attribute' ? fn.text.replace(/\s+/g, '') : '';
      if (!callee) return { kind: 'opaque', why: `a call of ${fn.text}`, node };
      const args: PyValue[] = [];
      const kwargs = new Map<string, PyValue>();
      for (const a of children(argList)) {
        if (a.type === 'keyword_argument') {
          const name = a.childForFieldName('name')?.text ?? '';
          const value = a.childForFieldName('value');
          if (value) kwargs.set(name, evaluate(value, scope, depth + 1));
        } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
          return { kind: 'opaque', why: `unpacked arguments (${a.text})`, node: a };
        } else args.push(evaluate(a, scope, depth + 1));
      }
      return { kind: 'call', callee, args, kwargs, node };
    }
    case 'list_comprehension':
    case 'generator_expression':
      return { kind: 'opaque', why: 'a comprehension (its items exist only when Python runs)', node };
    default:
      return { kind: 'opaque', why: `${node.type.replace(/_/g, ' ')} \`${shortSource(node)}\` (computed when Python runs)`, node };
  }
}

/** Every call in the tree whose callee's dotted text ends with one of `names` (`seqio.MixtureRegistry.add`). */
export function callsOf(tree: Tree, matches: (callee: string) => boolean): Node[] {
  return tree.rootNode.descendantsOfType('call').filter((n): n is Node => {
    if (!n) return false;
    const fn = n.childForFieldName('function');
    return !!fn && (fn.type === 'identifier' || fn.type === 'attribute') && matches(fn.text.replace(/\s+/g, ''));
  });
}

/** The first syntax error of the tree, if any: [start, end) of the ERROR or MISSING node. */
export function syntaxError(tree: Tree): Range | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const stack: Node[] = [tree.rootNode];
  while (stack.length) {
    const n = stack.shift()!;
    if (n.isError || n.isMissing) return rangeOfNode(n);
    for (const c of n.children) if (c && (c.hasError || c.isMissing)) stack.push(c);
  }
  return rangeOfNode(tree.rootNode);
}

/** Argument `index` or keyword `name` of a call value. */
export function argument(call: Extract<PyValue, { kind: 'call' }>, index: number, name: string): PyValue | undefined {
  return call.kwargs.get(name) ?? call.args[index];
}
