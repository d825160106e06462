// How values are written into YAML by an edit: the shortest form that reads back as the same value.

/** Words a YAML 1.1 reader (PyYAML) takes for a boolean or null, so they are quoted even where yaml 1.2 would not. */
const YAML_WORDS = /^(true|false|null|yes|no|on|off|~)$/i;

/** A YAML scalar for `value`: plain when that reads back as the same string, double-quoted otherwise. */
export function yamlString(value: string): string {
  const plainSafe = /^[A-Za-z_./][A-Za-z0-9_.\-/ ]*$/.test(value) && !value.endsWith(' ') && !YAML_WORDS.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

/** A map key for `name` (a task in a results block): plain when it is an identifier, else double-quoted (also `y` and
 *  `n`, booleans in the YAML 1.1 spec). */
export function yamlKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && !YAML_WORDS.test(name) && !/^[yn]$/i.test(name) ? name : JSON.stringify(name);
}

/** How a number is written: integers exactly (a cap), fractions to 6 significant digits (a slider value). */
export function yamlNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** A score: up to 4 decimals, no trailing zeros, as a person would type it. */
export function formatScore(value: number): string {
  return String(Number(value.toFixed(4)));
}
