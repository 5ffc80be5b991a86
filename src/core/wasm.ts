/**
 * Instantiates a WebAssembly module built from asm/ (scripts/build-wasm.mjs embeds each as
 * base64 in a `*.wasm.gen.ts` module). The modules keep no data of their own above
 * `WASM_ARENA_BASE`: callers lay out their arrays from there.
 */
import { InvariantViolation } from './errors.js';

const WASM_PAGE = 65536;
export const WASM_ARENA_BASE = WASM_PAGE;

export function instantiate<T>(base64: string, what: string): T & { readonly memory: WebAssembly.Memory } {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      abort: () => {
        throw new InvariantViolation(`${what}: WebAssembly kernel aborted`, {});
      },
    },
  }).exports as unknown as T & { readonly memory: WebAssembly.Memory };
}

/** Grows `memory` to at least `end` bytes (views taken before a grow are stale: take them after). */
export function reserve(memory: WebAssembly.Memory, end: number): void {
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / WASM_PAGE));
}
