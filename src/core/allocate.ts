/**
 * Split an integer amount by integer weights without creating or losing a unit: each share is
 * ⌊amount·w_i/Σw⌋ and the remainder goes one unit at a time to the largest fractional parts,
 * ties to the lower index (cf. dinero.js `distribute`). Used only where the chain has no rounding
 * rule of its own (the chain's own floors are kept where it has them).
 */
export function allocate(amount: bigint, weights: readonly bigint[]): bigint[] {
  if (amount < 0n) throw new RangeError('allocate: negative amount');
  const total = weights.reduce((s, w) => {
    if (w < 0n) throw new RangeError('allocate: negative weight');
    return s + w;
  }, 0n);
  if (total === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (amount * w) / total);
  const rems = weights.map((w, i) => ({ i, r: (amount * w) % total }));
  let left = amount - shares.reduce((s, x) => s + x, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) {
    const idx = rems[k]!.i;
    shares[idx] = shares[idx]! + 1n;
  }
  return shares;
}
