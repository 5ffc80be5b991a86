/**
 * The built-in validators' weight rows with their noise drawn in place (src/agents/population.ts
 * says what they model). Compiled to WebAssembly by scripts/build-wasm.mjs. Row v, miner k:
 *   x = q_k + σ·z_vk  (z: standard normals from the stream, row after row),  seen = max(x, 0)
 *   raw_k = seen (0 when the owner takes everything),  raw_owner = T·f/(1 − f) with T = Σ seen
 *     (1 when T = 0 or f = 1)
 *   value_k = min(⌊raw_k · (65535/max(raw)) + 1/2⌋, 65535)  (all 0 when max(raw) = 0; 0 where
 *     the product is 0·∞, which only a subnormal max(raw) makes)
 * in exactly the double operations, and order, of the JavaScript it replaced, so the rows are the
 * same bits. Fusing the draws with the rows saves a pass over an array of ~12k doubles per subnet.
 */
import { loadState, normal, saveState } from './ziggurat';

/**
 * Writes `validators` rows of `m + owner` u16 values to `out` (row after row; the owner's value
 * first when `owner` is 1). `quality`: m f64; `raw`: scratch for m + 1 f64; `state`: the stream's
 * Alea state, continued and stored back.
 */
export function weightRows(
  validators: i32,
  m: i32,
  owner: i32,
  ownerFraction: f64,
  noise: f64,
  quality: usize,
  raw: usize,
  out: usize,
  state: usize,
): void {
  loadState(state);
  const len = m + owner;
  const minerShare: f64 = ownerFraction >= 1.0 ? 0.0 : 1.0;
  for (let v: i32 = 0; v < validators; v++) {
    let total: f64 = 0;
    let max: f64 = 0;
    for (let k: i32 = 0; k < m; k++) {
      const x = load<f64>(quality + (<usize>k << 3)) + noise * normal();
      const seen = x > 0 ? x : 0.0;
      const r = minerShare * seen;
      store<f64>(raw + (<usize>(k + owner) << 3), r);
      total += seen;
      max = r > max ? r : max;
    }
    if (owner) {
      const o = total > 0 && ownerFraction < 1.0 ? (total * ownerFraction) / (1.0 - ownerFraction) : 1.0;
      store<f64>(raw, o);
      max = o > max ? o : max;
    }
    const row = out + ((<usize>v * <usize>len) << 1);
    if (max > 0) {
      const scale = 65535.0 / max;
      for (let k: i32 = 0; k < len; k++) {
        // a subnormal max makes the scale infinite: 0·∞ (NaN) is 0 and the rest saturate
        const y = load<f64>(raw + (<usize>k << 3)) * scale + 0.5;
        store<u16>(row + (<usize>k << 1), <u16>(<i32>(y >= 0.5 ? (y < 65535.5 ? y : 65535.5) : 0.0)));
      }
    } else {
      for (let k: i32 = 0; k < len; k++) store<u16>(row + (<usize>k << 1), 0);
    }
  }
  saveState(state);
}
