// A draft-07 JSON Schema generated from the format definition, for Red Hat YAML's `yamlValidation`
// (completion and hover in editors without our server). It encodes what one file can show on its own
// shape; cross-key and cross-task rules (duplicate names, unimax needs a budget, ...) stay in validate/.
import type { KeyDef, SectionDef, SectionName, ValueDef } from './keyDefinition';
import { SECTIONS, STRATEGY_DOCS } from './mixtureFormat';

type JsonSchema = Record<string, unknown>;

export const MIXTURE_SCHEMA_ID = 'https://taskmix.dev/schema/mixture.schema.json';

function numberSchema(value: Extract<ValueDef, { kind: 'number' }>): JsonSchema {
  const s: JsonSchema = { type: value.integer ? 'integer' : 'number' };
  if (value.minimum) s[value.minimum.exclusive ? 'exclusiveMinimum' : 'minimum'] = value.minimum.value;
  return s;
}

function valueSchema(def: KeyDef): JsonSchema {
  const v = def.value;
  switch (v.kind) {
    case 'string': {
      if (def.allowed) {
        const docs = def.allowed.map((a) => ((def.allowedDocs ?? STRATEGY_DOCS) as Record<string, string | undefined>)[a] ?? '');
        return { type: 'string', enum: [...def.allowed], markdownEnumDescriptions: docs };
      }
      return v.pattern ? { type: 'string', pattern: v.pattern } : { type: 'string' };
    }
    case 'number':
      return numberSchema(v);
    case 'boolean':
      return { type: 'boolean' };
    case 'stringList':
      return { type: 'array', items: v.allowed ? { type: 'string', enum: [...v.allowed] } : { type: 'string' } };
    case 'section':
      return v.nullable
        ? { anyOf: [{ $ref: `#/definitions/${v.section}` }, { type: 'null' }] }
        : { $ref: `#/definitions/${v.section}` };
    case 'scoreMap':
      return { type: 'object', additionalProperties: { type: 'number' } };
    case 'pairwiseMap':
      return {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
      };
    case 'entries':
      return {
        type: 'array',
        minItems: 1,
        items: { anyOf: [{ $ref: '#/definitions/task' }, { $ref: '#/definitions/include' }] },
      };
    case 'foreign':
      // Accepted (the validator only warns), so the schema must not reject it either.
      return {};
  }
}

function sectionSchema(section: SectionDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const def of section.keys) {
    properties[def.key] = { ...valueSchema(def), description: plain(def.doc), markdownDescription: def.doc };
  }
  const required = section.keys.filter((k) => k.required).map((k) => k.key);
  const s: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length) s.required = required;
  if (section.name === 'budget') {
    // S is steps × batch_size or examples: the pair goes together and excludes `examples`.
    s.dependencies = {
      steps: { required: ['batch_size'], not: { required: ['examples'] } },
      batch_size: { required: ['steps'], not: { required: ['examples'] } },
    };
  }
  return s;
}

/** Markdown without backticks, for clients that show `description` as plain text. */
function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}

/** The draft-07 JSON Schema of a mixture file, from the same definitions the validator uses. */
export function generateJsonSchema(): object {
  const definitions: Record<string, JsonSchema> = {};
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    if (name !== 'top') definitions[name] = sectionSchema(SECTIONS[name]);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: MIXTURE_SCHEMA_ID,
    title: 'TaskMix mixture file (version 1)',
    ...sectionSchema(SECTIONS.top),
    definitions,
  };
}
