/**
 * Standard normal deviates in bulk (asm/ziggurat.ts), and the uniforms under them for the test
 * that the generator continues seedrandom exactly. Compiled to WebAssembly by
 * scripts/build-wasm.mjs; src/core/rng.ts hands it a stream's state and takes the state back.
 */
import { loadState, normal, saveState, uniform } from './ziggurat';

/** Writes `count` deviates to `out` (f64), continuing the Alea state at `state`, and stores the state back. */
export function normals(count: i32, out: usize, state: usize): void {
  loadState(state);
  for (let k: i32 = 0; k < count; k++) store<f64>(out + (<usize>k << 3), normal());
  saveState(state);
}

/** Writes `count` uniforms (what seedrandom's Alea returns), for the test that the two agree. */
export function uniforms(count: i32, out: usize, state: usize): void {
  loadState(state);
  for (let k: i32 = 0; k < count; k++) store<f64>(out + (<usize>k << 3), uniform());
  saveState(state);
}
