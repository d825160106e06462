// Code lenses whose command is not registered in this window are dropped: the playground lens appears
// only where the playground exists. Pure, for unit tests.

export interface LensLike {
  command?: { command: string } | undefined;
}

/** Keeps lenses without a command id (plain labels) and those whose command is registered. */
export function lensesWithKnownCommands<T extends LensLike>(lenses: readonly T[], registered: ReadonlySet<string>): T[] {
  return lenses.filter((l) => !l.command || l.command.command === '' || registered.has(l.command.command));
}

/** The lens commands to tell the server about: those of ours that this window has registered. */
export function advertisedLensCommands(candidates: readonly string[], registered: ReadonlySet<string>): string[] {
  return candidates.filter((c) => registered.has(c));
}
