// Checks of one `tasks:` item that read nothing but that item, so the parser can cache them per task.
import { SECTIONS, validKeys } from '../schema/mixtureFormat';
import type { Diagnostic, IncludeEntry, InvalidEntry, MixtureEntry, TaskEntry } from '../types';
import { makeDiagnostic } from './diagnosticCodes';
import { KEY_ALIASES, suggest } from './didYouMean';
import { checkSectionKeys } from './sectionChecks';
import { appendToScalarEdit, insertKeyEdit } from '../edit';

/**
 * Diagnostics of one task or include item. Reads only the entry and, for fixes, `text` within the
 * entry's own lines; without `text` the diagnostics come without the fixes that need it.
 */
export function checkEntryLocal(entry: MixtureEntry, text?: string): Diagnostic[] {
  switch (entry.kind) {
    case 'task': return checkTaskEntry(entry, text);
    case 'include': return checkSectionKeys(SECTIONS.include, entry.keys, entry, text);
    case 'invalid': return checkInvalidEntry(entry);
  }
}

/** A task name made from a prefix: `"cola sentence:"` -> `cola_sentence`. */
export function nameFromPrefix(prefix: string): string {
  const n = prefix.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(n) ? n : `task_${n}`;
}

function checkTaskEntry(entry: TaskEntry, text: string | undefined): Diagnostic[] {
  const out = checkSectionKeys(SECTIONS.task, entry.keys, entry, text);
  if (entry.fields?.keys) out.push(...checkSectionKeys(SECTIONS.fields, entry.fields.keys, entry.fields, text));
  const written = new Set(entry.keys.map((k) => k.key));

  if (!written.has('name')) {
    const anchor = entry.prefix?.range ?? entry.keys[0]?.keyRange ?? entry.range;
    const name = nameFromPrefix(entry.prefix?.value ?? 'task');
    out.push(
      makeDiagnostic('missing-key', anchor, `This task has no \`name\` (required, unique in the file): add \`name: ${name}\`.`, {
        fixes: text !== undefined
          ? [{ title: `Add \`name: ${name}\``, edits: [insertKeyEdit(text, entry.keys, entry.range, `name: ${name}`)], preferred: true }]
          : [],
      }),
    );
  }
  if (!written.has('prefix')) {
    const anchor = entry.name?.range ?? entry.keys[0]?.keyRange ?? entry.range;
    const prefix = JSON.stringify(`${entry.name?.value ?? 'task'}:`);
    out.push(
      makeDiagnostic(
        'missing-key',
        anchor,
        `Task${entry.name ? ` \`${entry.name.value}\`` : ''} has no \`prefix\` (required: the T5 task prefix that tells tasks apart): add \`prefix: ${prefix}\`.`,
        {
          fixes: text !== undefined
            ? [{ title: `Add \`prefix: ${prefix}\``, edits: [insertKeyEdit(text, entry.keys, entry.range, `prefix: ${prefix}`)], preferred: true }]
            : [],
        },
      ),
    );
  }
  if (entry.prefix && !entry.prefix.value.trimEnd().endsWith(':')) out.push(prefixWithoutColon(entry, text));
  return out;
}

function prefixWithoutColon(entry: TaskEntry, text: string | undefined): Diagnostic {
  const prefix = entry.prefix!;
  if (prefix.value.trim() === '') {
    const wanted = `${entry.name?.value ?? 'task'}:`;
    return makeDiagnostic('prefix-missing-colon', prefix.range, `The prefix is empty: T5 cannot tell this task apart. Write e.g. \`prefix: ${JSON.stringify(wanted)}\`.`, {
      fixes: [{ title: `Set prefix to ${JSON.stringify(wanted)}`, edits: [{ range: prefix.range, newText: JSON.stringify(wanted) }], preferred: true }],
    });
  }
  const fixed = `${prefix.value.trimEnd()}:`;
  return makeDiagnostic(
    'prefix-missing-colon',
    prefix.range,
    `T5 prefixes end with ':' (e.g. "cola sentence:"), so the model sees where the prefix stops: write ${JSON.stringify(fixed)}.`,
    {
      fixes: text !== undefined
        ? [{ title: "Append ':' to the prefix", edits: [appendToScalarEdit(text, prefix.range, prefix.value, ':')], preferred: true }]
        : [],
    },
  );
}

function checkInvalidEntry(entry: InvalidEntry): Diagnostic[] {
  const out: Diagnostic[] = [
    makeDiagnostic(
      'invalid-entry',
      entry.range,
      entry.keys.length
        ? 'This item is neither a task (it needs `name` and `prefix`) nor an include (it needs `include`): add the missing keys.'
        : 'Each `tasks:` item is a map: a task (`name`, `prefix`, ...) or an include (`include: other.mixture.yaml`).',
    ),
  ];
  // A misspelt `name` or `include` is the usual cause: point at it.
  const candidates = [...new Set([...validKeys('task'), ...validKeys('include')])];
  for (const k of entry.keys) {
    if (candidates.includes(k.key)) continue;
    const guess = suggest(k.key, candidates, KEY_ALIASES);
    out.push(
      makeDiagnostic('unknown-key', k.keyRange, guess ? `Unknown key \`${k.key}\`: did you mean \`${guess}\`?` : `Unknown key \`${k.key}\` in a task item.`, {
        fixes: guess ? [{ title: `Rename to \`${guess}\``, edits: [{ range: k.keyRange, newText: guess }], preferred: true }] : [],
      }),
    );
  }
  return out;
}

/** The item's most telling range: its name, its include path, or the item. */
export function entryAnchor(entry: TaskEntry | IncludeEntry): readonly [number, number] {
  return entry.kind === 'task' ? entry.name?.range ?? entry.range : entry.include.range;
}
