/** Running commands for the packaging test, with their output in the error when they fail. */
import { execFileSync } from "node:child_process";

export interface Run {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `file args` in `cwd`; returns stdout; throws with stdout and stderr on a non-zero exit. */
export const run = (file: string, args: readonly string[], { cwd, env }: Run): string => {
  try {
    return execFileSync(file, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(
      `\`${file} ${args.join(" ")}\` in ${cwd} exited with ${String(err.status)}\n` +
        `--- stdout\n${err.stdout ?? ""}\n--- stderr\n${err.stderr ?? ""}`,
    );
  }
};
