// The cross-task prefix checks (`duplicate-prefix`, `prefix-shadowed`) as an index that edits update. A keystroke
// in one task's prefix moves that task from one group of equal prefixes to another and looks only at the prefixes
// that start, or are started by, the two it touched; grouping and sorting every task's prefix again cost a
// 1,000-task file most of a keystroke's time budget. Diagnostics are built on each call from the index and the
// current entries (so their ranges are where the tasks stand now), in the order a fresh check gives them.
import type { Diagnostic, Fix, MixtureEntry, RelatedInformation, TaskEntry } from '../types';
import { replaceEdit } from '../edit';
import { makeDiagnostic } from './diagnosticCodes';
import type { IncludedTask } from './taskChecks';

/** Prefixes are compared without surrounding spaces: T5 sees `"cola: "` and `"cola:"` alike. */
export function prefixKey(p: string): string {
  return p.trim();
}

/** One definition of a task: a named task of this file, or one reached through an include. */
class Slot {
  /** The prefix as written; undefined when the task has none. */
  prefix: string | undefined;
  /** prefixKey(prefix); undefined when the prefix is absent or blank (such tasks take no part). */
  key: string | undefined;

  constructor(
    public name: string,
    prefix: string | undefined,
    public local: TaskEntry | undefined,
    public included: IncludedTask | undefined,
    /** Position among all definitions (this file's tasks first): groups keep their slots in this order. */
    readonly order: number,
  ) {
    this.prefix = prefix;
    this.key = keyOf(prefix);
  }
}

function keyOf(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  const key = prefixKey(prefix);
  return key === '' ? undefined : key;
}

function relatedOf(d: Slot, message: string): RelatedInformation {
  if (d.local) return { message, range: d.local.prefix?.range ?? d.local.name!.range };
  return { message, range: d.included!.range ?? [0, 0], file: d.included!.file };
}

/** Index of the first element of the sorted `keys` that is not below `key` (string order is UTF-16 code units, as `sort()`). */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PrefixIndex {
  private slots: Slot[] = [];
  private localCount = 0;
  /** Slots by prefix key, each group in definition order. */
  private groups = new Map<string, Slot[]>();
  /** Every key, sorted: the keys a key starts are right after it. */
  private keys: string[] = [];
  /** For each key that another key starts: the longest such other key (the one a fresh sorted pass pairs it with). */
  private shorterOf = new Map<string, string>();
  /** Keys whose group holds at least two task names. */
  private duplicated = new Set<string>();

  /**
   * Brings the index to these definitions: `entries` are this file's `tasks:` items (named tasks take part),
   * `included` the tasks its includes reach. Cost: one comparison per task, plus the work of what changed; a
   * different number of named tasks or included tasks rebuilds the index (O(n log n)).
   */
  update(entries: readonly MixtureEntry[], included: readonly IncludedTask[]): void {
    let named = 0;
    for (const e of entries) if (e.kind === 'task' && e.name) named++;
    if (named !== this.localCount || included.length !== this.slots.length - this.localCount) {
      this.rebuild(entries, included, named);
      return;
    }
    let i = 0;
    for (const e of entries) {
      if (e.kind !== 'task' || !e.name) continue;
      this.sync(this.slots[i++]!, e.name.value, e.prefix?.value, e, undefined);
    }
    for (const t of included) this.sync(this.slots[i++]!, t.name, t.prefix, undefined, t);
  }

  /** `duplicate-prefix` then `prefix-shadowed` diagnostics, as checkTasks lists them. */
  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    if (this.duplicated.size > 0) this.duplicateDiagnostics(out);
    if (this.shorterOf.size > 0) this.shadowDiagnostics(out);
    return out;
  }

  private rebuild(entries: readonly MixtureEntry[], included: readonly IncludedTask[], named: number): void {
    this.slots = [];
    this.localCount = named;
    this.groups = new Map();
    this.shorterOf = new Map();
    this.duplicated = new Set();
    for (const e of entries) {
      if (e.kind === 'task' && e.name) this.slots.push(new Slot(e.name.value, e.prefix?.value, e, undefined, this.slots.length));
    }
    for (const t of included) this.slots.push(new Slot(t.name, t.prefix, undefined, t, this.slots.length));
    for (const s of this.slots) {
      if (s.key === undefined) continue;
      const g = this.groups.get(s.key);
      if (g) g.push(s);
      else this.groups.set(s.key, [s]);
    }
    for (const key of this.groups.keys()) this.refreshDuplicate(key);
    // Sorted, every key comes right after the keys that start it: a stack of the chain of such keys gives
    // each key the longest one that starts it, in one pass.
    this.keys = [...this.groups.keys()].sort();
    const stack: string[] = [];
    for (const key of this.keys) {
      while (stack.length > 0 && !key.startsWith(stack[stack.length - 1]!)) stack.pop();
      const shorter = stack[stack.length - 1];
      if (shorter !== undefined) this.shorterOf.set(key, shorter);
      stack.push(key);
    }
  }

  /** One definition now reads `name` and `prefix`; its entry objects are refreshed (ranges move with edits). */
  private sync(slot: Slot, name: string, prefix: string | undefined, local: TaskEntry | undefined, included: IncludedTask | undefined): void {
    slot.local = local;
    slot.included = included;
    if (slot.name === name && slot.prefix === prefix) return;
    const oldKey = slot.key;
    const newKey = keyOf(prefix);
    if (oldKey === newKey) {
      // Same group: the raw prefix (it is in the messages) or the name (it decides duplicates) changed.
      slot.name = name;
      slot.prefix = prefix;
      if (oldKey !== undefined) this.refreshDuplicate(oldKey);
      return;
    }
    if (oldKey !== undefined) this.leave(slot, oldKey);
    slot.name = name;
    slot.prefix = prefix;
    slot.key = newKey;
    if (newKey !== undefined) this.join(slot, newKey);
  }

  private join(slot: Slot, key: string): void {
    const g = this.groups.get(key);
    if (!g) {
      this.groups.set(key, [slot]);
      this.addKey(key);
      return;
    }
    let at = g.length;
    while (at > 0 && g[at - 1]!.order > slot.order) at--;
    g.splice(at, 0, slot);
    this.refreshDuplicate(key);
  }

  private leave(slot: Slot, key: string): void {
    const g = this.groups.get(key)!;
    g.splice(g.indexOf(slot), 1);
    if (g.length > 0) {
      this.refreshDuplicate(key);
      return;
    }
    this.groups.delete(key);
    this.duplicated.delete(key);
    this.removeKey(key);
  }

  private refreshDuplicate(key: string): void {
    const g = this.groups.get(key)!;
    const first = g[0]!.name;
    if (g.some((s) => s.name !== first)) this.duplicated.add(key);
    else this.duplicated.delete(key);
  }

  private addKey(key: string): void {
    const at = lowerBound(this.keys, key);
    this.keys.splice(at, 0, key);
    // The longest other key that starts this one: one lookup per shorter length (prefixes are short).
    for (let len = key.length - 1; len > 0; len--) {
      const start = key.slice(0, len);
      if (this.groups.has(start)) {
        this.shorterOf.set(key, start);
        break;
      }
    }
    // The keys this one starts follow it; for those whose longest starting key was shorter, it is now this one.
    for (let j = at + 1; j < this.keys.length && this.keys[j]!.startsWith(key); j++) {
      const longer = this.keys[j]!;
      const current = this.shorterOf.get(longer);
      if (current === undefined || current.length < key.length) this.shorterOf.set(longer, key);
    }
  }

  private removeKey(key: string): void {
    const at = lowerBound(this.keys, key);
    this.keys.splice(at, 1);
    const shorter = this.shorterOf.get(key);
    this.shorterOf.delete(key);
    // Keys it was the longest start of fall back to its own longest start: every other key that starts them is
    // shorter than it, so it starts it too.
    for (let j = at; j < this.keys.length && this.keys[j]!.startsWith(key); j++) {
      const longer = this.keys[j]!;
      if (this.shorterOf.get(longer) !== key) continue;
      if (shorter === undefined) this.shorterOf.delete(longer);
      else this.shorterOf.set(longer, shorter);
    }
  }

  /** Groups in the order of their first definition, as a fresh pass over the definitions meets them. */
  private duplicateDiagnostics(out: Diagnostic[]): void {
    const groups = [...this.duplicated].map((k) => this.groups.get(k)!).sort((a, b) => a[0]!.order - b[0]!.order);
    for (const group of groups) {
      for (const d of group) {
        const other = group.find((o) => o.name !== d.name)!;
        if (d.local) {
          const range = d.local.prefix!.range;
          const own = `${d.name}:`;
          const fixes: Fix[] = this.groups.has(own)
            ? []
            : [{ title: `Set the prefix to ${JSON.stringify(own)}`, edits: [replaceEdit(range, JSON.stringify(own))], preferred: true }];
          out.push(
            makeDiagnostic('duplicate-prefix', range, `Prefix ${JSON.stringify(d.prefix)} is also the prefix of task \`${other.name}\`: T5 cannot tell the tasks apart. Give each task its own prefix.`, {
              related: [relatedOf(other, `Task \`${other.name}\` has the same prefix`)],
              fixes,
            }),
          );
          continue;
        }
        const earlier = other.order < d.order ? other : undefined;
        if (earlier?.included && earlier.included.via !== d.included!.via && !group.some((g) => g.local)) {
          // Two included files collide: say so at the later include of this file.
          out.push(
            makeDiagnostic('duplicate-prefix', d.included!.via.include.range, `Included tasks \`${earlier.name}\` and \`${d.name}\` share the prefix ${JSON.stringify(d.prefix)}: T5 cannot tell them apart.`, {
              related: [relatedOf(earlier, `\`${earlier.name}\``), relatedOf(d, `\`${d.name}\``)],
            }),
          );
        }
      }
    }
  }

  /**
   * One prefix that starts another (`"nli"` and `"nli premise:"`): the longer task's inputs look like the
   * shorter's. Each key is paired with the longest key that starts it, in sorted order of the longer key.
   */
  private shadowDiagnostics(out: Diagnostic[]): void {
    for (const longKey of [...this.shorterOf.keys()].sort()) {
      const shortDefs = this.groups.get(this.shorterOf.get(longKey)!)!;
      for (const long of this.groups.get(longKey)!) {
        const short = shortDefs.find((s) => s.name !== long.name);
        if (!short) continue;
        const at = long.local ?? short.local;
        if (!at) continue;
        const there = at === long.local ? short : long;
        out.push(
          makeDiagnostic(
            'prefix-shadowed',
            at.prefix!.range,
            `Prefix ${JSON.stringify(short.key)} (task \`${short.name}\`) is the start of ${JSON.stringify(long.key)} (task \`${long.name}\`): inputs of \`${short.name}\` can look like \`${long.name}\`'s. Make neither prefix start the other.`,
            { related: [relatedOf(there, `Task \`${there.name}\``)] },
          ),
        );
      }
    }
  }
}
