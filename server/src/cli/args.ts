// A small, strict command-line parser: every flag is declared, so a typo is one clear error line
// (exit 2) instead of a silently ignored option.

export class UsageError extends Error {}

export interface FlagSpec {
  /** 'boolean' flags take no value; 'string' and 'number' take the next word or `--flag=value`. */
  type: 'boolean' | 'string' | 'number';
  /** Allowed values for a string flag. */
  choices?: readonly string[];
  /** May be given several times (values collected in order). */
  repeat?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | number | boolean | (string | number)[]>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>, command: string): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        throw new UsageError(`unknown option '${arg}' for 'taskmix ${command}' (options are written --name)`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const def = spec[name];
    if (!def) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new UsageError(`unknown option '--${name}' for 'taskmix ${command}' (known: ${known || 'none'})`);
    }
    let value: string | number | boolean;
    if (def.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      value = true;
    } else {
      let raw: string | undefined;
      if (eq >= 0) raw = arg.slice(eq + 1);
      else {
        raw = argv[i + 1];
        i++;
      }
      if (raw === undefined || (eq < 0 && raw.startsWith('--'))) throw new UsageError(`option --${name} needs a value`);
      if (def.type === 'number') {
        const n = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`option --${name} needs a number, got '${raw}'`);
        value = n;
      } else {
        if (def.choices && !def.choices.includes(raw)) {
          throw new UsageError(`option --${name} must be one of ${def.choices.join(', ')}; got '${raw}'`);
        }
        value = raw;
      }
    }
    if (def.repeat) {
      const prev = flags.get(name);
      const list = Array.isArray(prev) ? prev : [];
      list.push(value as string | number);
      flags.set(name, list);
    } else {
      if (flags.has(name)) throw new UsageError(`option --${name} is given twice`);
      flags.set(name, value);
    }
  }
  return { positionals, flags };
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagNumber(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  return typeof v === 'number' ? v : undefined;
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}
