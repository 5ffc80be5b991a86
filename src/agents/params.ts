/**
 * A strategy's parameters: each declared with its range, unit, default and where the default
 * comes from; a population gives each as a value or a distribution, drawn once per agent from
 * the agent's own stream when the world is built.
 *
 *   constant v                  → v
 *   uniform [low, high]         → low + u (high − low)
 *   lognormal (median m, σ)     → m · exp(σ z)
 *   pareto (min x_m, shape α)   → x_m · (1 − u)^(−1/α)
 *   beta (a, b) on [low, high]  → low + (high − low) · X/(X + Y), X ~ Γ(a), Y ~ Γ(b)
 * A distribution is accepted only if its whole support lies in the parameter's range, so no
 * agent is ever given a value its strategy does not accept (no silent clamping).
 */
import type { Stream } from '../core/rng.js';

export interface ParamSpec {
  readonly doc: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** Whole numbers only (counts, epochs). */
  readonly integer?: boolean;
  /** Where the default comes from, or "judgement" where nothing was measured. */
  readonly source: string;
}

export type Distribution =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'lognormal'; readonly median: number; readonly sigma: number }
  | { readonly kind: 'pareto'; readonly min: number; readonly shape: number }
  | { readonly kind: 'beta'; readonly a: number; readonly b: number; readonly low: number; readonly high: number };

/** The closed interval the distribution's draws fall in. */
export function support(d: Distribution): readonly [number, number] {
  switch (d.kind) {
    case 'constant':
      return [d.value, d.value];
    case 'uniform':
      return [d.low, d.high];
    case 'lognormal':
      return [0, Infinity];
    case 'pareto':
      return [d.min, Infinity];
    case 'beta':
      return [d.low, d.high];
  }
}

/** Why `d` does not fit `spec`, or undefined when it does. */
export function misfit(spec: ParamSpec, d: Distribution): string | undefined {
  const [lo, hi] = support(d);
  const range = `[${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ''}`;
  if (lo < spec.min || hi > spec.max)
    return d.kind === 'constant' ? `expected a value in ${range} (got ${d.value})` : `the ${d.kind} distribution draws values in [${lo}, ${hi}], outside the parameter's range ${range}`;
  if (spec.integer && d.kind === 'constant' && !Number.isInteger(d.value)) return `expected a whole number (got ${d.value})`;
  return undefined;
}

/** Marsaglia–Tsang Γ(a, 1); for a < 1 boosted by u^(1/a). */
function gamma(a: number, rng: Stream): number {
  if (a < 1) return gamma(a + 1, rng) * Math.pow(1 - rng.next(), 1 / a);
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One draw (rounded for an integer parameter; kept inside the support against rounding). */
export function draw(spec: ParamSpec, d: Distribution, rng: Stream): number {
  let x: number;
  switch (d.kind) {
    case 'constant':
      x = d.value;
      break;
    case 'uniform':
      x = d.low + rng.next() * (d.high - d.low);
      break;
    case 'lognormal':
      x = d.median * Math.exp(d.sigma * rng.normal());
      break;
    case 'pareto':
      x = d.min * Math.pow(1 - rng.next(), -1 / d.shape);
      break;
    case 'beta': {
      const g = gamma(d.a, rng);
      x = d.low + (d.high - d.low) * (g / (g + gamma(d.b, rng)));
      break;
    }
  }
  if (spec.integer) x = Math.round(x);
  return Math.min(spec.max, Math.max(spec.min, x));
}

export type Params = Readonly<Record<string, number>>;
