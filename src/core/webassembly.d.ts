/**
 * The part of the WebAssembly JS API that src/core/wasm.ts and its callers use: Node has it, but
 * @types/node 20 declares it nowhere (TypeScript's lib.dom does, which a Node project does not load).
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
