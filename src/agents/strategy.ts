/**
 * The strategy interface: a strategy is observation → actions. It reads the shared observation
 * and its own agent's view, draws only from the agent's own stream, keeps what it remembers in
 * the agent's private state, and returns the chain extrinsics it wants applied. It never touches
 * the world: the observation is read-only by type and frozen at run time.
 */
import type { Stream } from '../core/rng.js';
import type { AgentClass } from './classes.js';
import type { Action } from './actions.js';
import type { AgentView, Observation } from './observation.js';
import type { ParamSpec, Params } from './params.js';


/** Accounts an agent of a strategy starts with (hotkeys are created when registered or adopted). */
export type Adopt =
  /** A fresh coldkey. */
  | 'none'
  /** The subnet owner's coldkey (and so its owner hotkey and the owner cut). */
  | 'owner'
  /** The built-in miners of its subnet: their hotkeys are created under the agent's coldkey. */
  | 'miners'
  /**
   * One built-in validator (its coldkey and hotkey, with their stakes): the next one not taken, in
   * index order. It sets the weights on the population's subnets; the built-in weights go on elsewhere.
   */
  | 'validator';

/** An agent's home subnet when the world is built, for budgets that scale with it. */
export interface HomeAtStart {
  /** TAO in its pool, in TAO. */
  readonly taoInTao: number;
}

export interface DecideContext<S> {
  readonly params: Params;
  /** The agent's private state (the strategy's own to change). */
  readonly state: S;
  readonly rng: Stream;
}

export interface Strategy<S = unknown> {
  readonly name: string;
  readonly class: AgentClass;
  readonly doc: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** The accounts an agent takes over at the start (default: none). */
  readonly adopt?: Adopt;
  /** Its TAO at the start, drawn from outside the model (default 0); `home` is its subnet at the start. */
  budgetTao?(params: Params, home: HomeAtStart): number;
  /** A new agent's private state. */
  init(params: Params, rng: Stream): S;
  decide(obs: Observation, me: AgentView, ctx: DecideContext<S>): readonly Action[];
  /**
   * What the coming step costs the agent off-chain (a miner's compute), in TAO at the step's
   * TAO/USD: counted in its costs, never taken from its balance (it is paid in dollars).
   */
  costTao?(obs: Observation, me: AgentView, ctx: DecideContext<S>): number;
}
