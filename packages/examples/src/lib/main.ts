import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** True when the module at `url` is the script node (or tsx) was asked to run. */
export const isMain = (url: string): boolean => {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
};

/** Reads `--name value` (or `--name=value`) from the command line. */
export const argValue = (name: string): string | undefined => {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
};
