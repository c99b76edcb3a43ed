/** Loads one peer by name (each lives in its own worker process). */
import type { Peer, PeerName } from "./types";

export const loadPeer = async (name: PeerName): Promise<Peer> => {
  switch (name) {
    case "tapegrad":
      return (await import("./tapegrad")).loadTapegrad(false);
    case "tapegrad-threads":
      return (await import("./tapegrad")).loadTapegrad(true);
    case "tfjs-cpu":
      return (await import("./tfjs")).loadTfjs("cpu");
    case "tfjs-wasm":
      return (await import("./tfjs")).loadTfjs("wasm");
    case "jax-js":
      return (await import("./jaxjs")).loadJax();
    case "plain-js":
      return (await import("./plain")).loadPlain();
  }
};
