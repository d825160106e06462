// Every command and view id of the extension, declared once: the server's code lenses name the lens commands, the
// extension host registers them all, and package.json contributes the same strings (test/unit checks they agree).

/** Code lens and status bar: the Balance Preview of a mixture. */
export const ShowBalancePreviewCommand = 'taskmix.showBalancePreview';
/** Code lens: a task's prefix and examples in the playground. */
export const TryInPlaygroundCommand = 'taskmix.tryInPlayground';
/** Code lens and playground: runs a task's first eval records through the playground's model. */
export const EvaluateTaskCommand = 'taskmix.evaluateTask';
/** Palette and editor title: Export Mixture As... */
export const ExportMixtureCommand = 'taskmix.exportMixture';
/** Palette: Check All Mixtures in Workspace. */
export const CheckAllMixturesCommand = 'taskmix.checkAllMixtures';
/** Palette and explorer context: Open as Mixture (an engine's config imported as an untitled mixture-yaml document). */
export const OpenAsMixtureCommand = 'taskmix.openAsMixture';
/** Palette: Restart Server. */
export const RestartServerCommand = 'taskmix.restartServer';
/** Palette and editor context: Materialize Mixture... (writes the mixed dataset with `taskmix materialize`). */
export const MaterializeMixtureCommand = 'taskmix.materializeMixture';

/** The commands a code lens may run; the client tells the server which of them it registered. */
export const LensCommands: readonly string[] = [ShowBalancePreviewCommand, TryInPlaygroundCommand, EvaluateTaskCommand];

/** The playground webview view (activity bar container `taskmix`). */
export const PlaygroundViewId = 'taskmix.playground';
/** The Balance Preview webview panel (also its serializer's view type). */
export const BalancePreviewViewType = 'taskmix.balancePreview';
