/** The parent's side of one worker process: fork, await its hello, send commands, await replies. */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { PeerName } from "./peers/types";
import type { Command, Envelope, Hello, Ready, Reply } from "./protocol";

const workerFile = fileURLToPath(new URL("./worker.ts", import.meta.url));
const tsconfigs = {
  src: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
  dist: fileURLToPath(new URL("../tsconfig.dist.json", import.meta.url)),
};
const tsxLoader = import.meta.resolve("tsx");
/** Extra node/V8 flags for every worker, e.g. BENCH_NODE_FLAGS="--no-wasm-dynamic-tiering". */
const extraFlags = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter((f) => f.length > 0);

export interface SpawnOptions {
  /** Extra node flags, e.g. ["--cpu-prof", "--cpu-prof-dir=…"]. */
  readonly execArgv?: readonly string[];
  /**
   * Where `tapegrad` resolves from: workspace sources through tsconfig paths (default, no build
   * needed) or the packages' built dist/ (for profiles with function names and real bundles).
   */
  readonly from?: "src" | "dist";
}

export class WorkerHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: string | undefined;

  private constructor(
    readonly peer: PeerName,
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on("message", (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    child.on("exit", (code, signal) => {
      this.exited = `worker ${peer} exited (code ${code}, signal ${signal})`;
      for (const p of this.pending.values()) p.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /** Forks a worker for `peer`; resolves when it has loaded, rejects with its load error. */
  static async spawn(peer: PeerName, opts: SpawnOptions = {}): Promise<WorkerHandle> {
    const child = fork(workerFile, [peer], {
      execArgv: [
        "--import",
        tsxLoader,
        "--expose-gc",
        "--max-old-space-size=8192",
        ...extraFlags,
        ...(opts.execArgv ?? []),
      ],
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: tsconfigs[opts.from ?? "src"],
        BENCH_TAPEGRAD_FROM: opts.from ?? "src",
        OMP_NUM_THREADS: "1",
      },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const hello = await new Promise<Hello>((resolve, reject) => {
      child.once("message", (m: Hello) => resolve(m));
      child.once("exit", (code) =>
        reject(new Error(`worker ${peer} exited (code ${code}) before loading:\n${stderr}`)),
      );
    });
    if ("error" in hello) {
      child.kill();
      throw new Error(hello.error);
    }
    return new WorkerHandle(peer, child, hello.ready);
  }

  request<T>(command: Command): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const env: Envelope = { id, command };
      this.child.send(env);
    });
  }

  /** Asks the worker to exit; kills it if it has not after `ms`. */
  async close(ms = 10_000): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.send({ id: 0, command: { cmd: "exit" } } satisfies Envelope);
    const timer = setTimeout(() => this.child.kill(), ms);
    await done;
    clearTimeout(timer);
  }
}
