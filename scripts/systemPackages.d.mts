// Types of scripts/systemPackages.mjs (a plain script: it runs before anything is built).
export declare const SYSTEM_PACKAGES: string[];
export declare function planSystemPackages(s: { missing: string[]; isRoot: boolean; hasApt: boolean; hasSudo: boolean }):
  | { action: 'none' }
  | { action: 'install'; commands: string[][] }
  | { action: 'tell'; command: string };
