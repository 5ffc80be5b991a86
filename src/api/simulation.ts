/**
 * taosim as a library: a scenario loaded (a file or an object, with the CLI's --seed and --set),
 * run as a pull-based sequence of step records, a read-only view of the world after each step,
 * scripted actions between steps through the extrinsics agents use, and the invariant check.
 * No side effects on import; nothing here exits the process. Bad input is an `InputError`, a
 * broken invariant an `InvariantViolation`, a refused action a value (`{ ok: false, error }`).
 */
import type { Action } from '../agents/actions.js';
import type { ChainError } from '../chain/errors.js';
import { currentPrice, formatPrice } from '../chain/swap/index.js';
import { InvariantViolation } from '../core/errors.js';
import { type AlphaRao, type TaoRao } from '../core/units.js';
import { loadScenario as loadScenarioFile, resolveScenarioDocument } from '../scenario/load.js';
import { parseOverride } from '../scenario/overrides.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { applyAction } from '../sim/actions.js';
import type { SimEvent, SimRefusal } from '../sim/events.js';
import { stepBlocks } from '../sim/engine.js';
import { epochRunner } from '../sim/epochPool.js';
import { checkInvariants } from '../sim/invariants.js';
import { run, type EpochRecord } from '../sim/run.js';
import type { World } from '../sim/world.js';
import { prepareWorld } from './prepare.js';
import { InputError } from '../core/errors.js';
import { StrategyRegistry } from '../agents/registry.js';
import type { Strategy } from '../agents/strategy.js';

/**
 * How a scenario is read. Every field is optional, so fields added later (a `strategies` option
 * for policies of the caller's own) do not break callers.
 * @public
 */
export interface LoadOptions {
  /** The seed instead of the scenario's (the CLI's `--seed`). */
  readonly seed?: number;
  /** Keys set as the CLI's `--set` does, in order (a later one decides): `"network.tao_weight=0.18"`. */
  readonly set?: readonly string[];
  /**
   * The name an object scenario goes by in error messages; its `initial.from_snapshot` is read
   * relative to this path's folder. Default `"scenario.yaml"` in the working directory. Ignored
   * for a path, which names itself.
   */
  readonly file?: string;
  /**
   * Strategies of the caller's own, usable by name in the scenario's `populations` beside the
   * built-in ones (a name a class already has is refused). They get the same guarantees: a
   * frozen observation, the agent's own seeded stream, actions checked as the chain checks them.
   */
  readonly strategies?: readonly Strategy[];
}

/** The registry a load uses: the built-in strategies and the caller's. */
function registryOf(opts: LoadOptions): StrategyRegistry {
  const r = StrategyRegistry.builtin();
  (opts.strategies ?? []).forEach((s, i) => {
    try {
      r.register(s);
    } catch (e) {
      throw new InputError(`strategies[${i}]`, (e as Error).message);
    }
  });
  return r;
}

/** A scenario as a file holds it, before validation: YAML/JSON's object form. @public */
export type ScenarioDocument = Readonly<Record<string, unknown>>;

const DEFAULT_OBJECT_FILE = 'scenario.yaml';

const overridesOf = (opts: LoadOptions) => (opts.set ?? []).flatMap((t) => parseOverride(t));

/**
 * Read, validate and resolve a scenario: a path to a `.yaml`, `.yml` or `.json` file, or an object
 * as such a file holds. Throws `InputError` naming the file, the key path and what was expected.
 * @public
 */
export function loadScenario(source: string | ScenarioDocument, opts: LoadOptions = {}): ResolvedScenario {
  return loadWith(source, opts, registryOf(opts));
}

function loadWith(source: string | ScenarioDocument, opts: LoadOptions, strategies: StrategyRegistry): ResolvedScenario {
  const o = { seed: opts.seed, overrides: overridesOf(opts), strategies };
  return typeof source === 'string' ? loadScenarioFile(source, o) : resolveScenarioDocument(source, opts.file ?? DEFAULT_OBJECT_FILE, o);
}

/** How the steps run. @public */
export interface StepOptions {
  /** Epochs to run (default: the scenario's `run.epochs`). */
  readonly epochs?: number;
  /** Blocks per coinbase step (default: the scenario's `run.block_step`; 1 = block-exact). */
  readonly blockStep?: number;
  /** Check every invariant after every block; a violation throws `InvariantViolation`. Default false. */
  readonly check?: boolean;
  /** Threads for the subnets' Yuma epochs (default 1). Never changes a result. */
  readonly threads?: number;
}

/** One epoch's record: where the chain stands after it and what happened in it. @public */
export type StepRecord = EpochRecord;

/** What an action did: its events, and the first refusal if one was refused. @public */
export type ActionResult =
  | { readonly ok: true; readonly events: readonly SimEvent[] }
  | { readonly ok: false; readonly error: ChainError | SimRefusal; readonly events: readonly SimEvent[] };

/** The invariant check as a value. @public */
export type InvariantResult = { readonly ok: true } | { readonly ok: false; readonly violation: InvariantViolation };

/** A subnet as the view shows it, read when asked. @public */
export interface SubnetView {
  readonly netuid: number;
  readonly ownerColdkey: string;
  readonly ownerHotkey: string;
  /** SubnetTAO, rao. */
  readonly taoReserve: TaoRao;
  /** SubnetAlphaIn, alpha rao. */
  readonly alphaReserve: AlphaRao;
  /** SubnetAlphaOut, alpha rao. */
  readonly alphaOut: AlphaRao;
  /** The pool's price, TAO per alpha, U64F64 raw (2^64 = 1 TAO per alpha). */
  readonly price: bigint;
  /** The same price as a decimal string (as the CSVs write it). */
  readonly priceText: string;
  /** The registered hotkeys, by uid. */
  readonly hotkeys: readonly string[];
  /** The coldkeys owning them, by uid. */
  readonly coldkeys: readonly string[];
  readonly emissionEnabled: boolean;
}

/** A read-only view of the world: every read is live, nothing it returns changes the world. @public */
export interface WorldView {
  readonly block: number;
  /** Total issuance, rao. */
  readonly issuance: TaoRao;
  /** TAO held by accounts the scenario does not model, rao (scripted stakes bring TAO in from here). */
  readonly outside: TaoRao;
  /** The subnets (root excluded), ascending netuid. */
  readonly subnets: readonly SubnetView[];
  subnet(netuid: number): SubnetView | undefined;
  /** Stake of a coldkey on a hotkey on a subnet, alpha rao (TAO rao on root, netuid 0). */
  stake(hotkey: string, coldkey: string, netuid: number): AlphaRao;
  /** All stake on a hotkey on a subnet, alpha rao. */
  totalHotkeyAlpha(hotkey: string, netuid: number): AlphaRao;
  /** A coldkey's free balance, rao. */
  freeBalance(coldkey: string): TaoRao;
}

function viewOf(w: World): WorldView {
  const subnet = (s: World['subnets'][number]): SubnetView => {
    const price = currentPrice(s.pool);
    return Object.freeze({
      netuid: s.netuid,
      ownerColdkey: s.ownerColdkey,
      ownerHotkey: s.ownerHotkey,
      taoReserve: s.pool.taoReserve,
      alphaReserve: s.pool.alphaReserve,
      alphaOut: s.alphaOut,
      price,
      priceText: formatPrice(price),
      hotkeys: [...s.metagraph.hotkeys],
      coldkeys: [...s.metagraph.coldkeys],
      emissionEnabled: s.emissionEnabled,
    });
  };
  return Object.freeze({
    get block() {
      return w.block;
    },
    get issuance() {
      return w.issuance;
    },
    get outside() {
      return w.outside;
    },
    get subnets() {
      return Object.freeze(w.subnets.map(subnet));
    },
    subnet: (netuid: number) => {
      const s = w.subnets.find((x) => x.netuid === netuid);
      return s === undefined ? undefined : subnet(s);
    },
    stake: (hotkey: string, coldkey: string, netuid: number) => w.ledger.stake(hotkey, coldkey, netuid),
    totalHotkeyAlpha: (hotkey: string, netuid: number) => w.ledger.totalHotkeyAlpha(hotkey, netuid),
    freeBalance: (coldkey: string) => w.ledger.freeBalance(coldkey),
  });
}

const worlds = new WeakMap<Simulation, World>();

/** The world behind a simulation, for taosim's own CLI and reporters (not part of the public surface). */
export const worldOf = (sim: Simulation): World => worlds.get(sim)!;

/**
 * One run of a scenario. `steps()` yields a record after each epoch and stops when the caller
 * stops pulling; between steps the caller reads `view` and applies actions with `act`.
 * @public
 */
export class Simulation {
  /** The world after the last step (or before the first), read-only. */
  readonly view: WorldView;
  private started = false;

  private constructor(
    /** The resolved scenario (frozen). */
    readonly scenario: ResolvedScenario,
    world: World,
  ) {
    worlds.set(this, world);
    this.view = viewOf(world);
  }

  /** Load a scenario (see `loadScenario`) and build its world. Throws `InputError`. */
  static load(source: string | ScenarioDocument, opts: LoadOptions = {}): Simulation {
    const reg = registryOf(opts);
    const sc = loadWith(source, opts, reg);
    return new Simulation(sc, prepareWorld(sc, typeof source === 'string' ? source : (opts.file ?? DEFAULT_OBJECT_FILE), reg));
  }

  /**
   * A simulation of a scenario already resolved; `file` names it in errors; `strategies` as the
   * load had them. Throws `InputError`.
   */
  static from(scenario: ResolvedScenario, file: string = DEFAULT_OBJECT_FILE, strategies: readonly Strategy[] = []): Simulation {
    return new Simulation(scenario, prepareWorld(scenario, file, registryOf({ strategies })));
  }

  /**
   * The epochs, one record each, pulled by the caller (stop at any step with `break`). Each
   * epoch: the scenario's timeline and the built-in validators act, then the chain's blocks run.
   * A simulation runs its epochs once: a second call throws.
   */
  *steps(opts: StepOptions = {}): Generator<StepRecord, void, undefined> {
    if (this.started) throw new Error('Simulation.steps: this simulation has already run; load another');
    this.started = true;
    const runner = epochRunner(opts.threads ?? 1);
    try {
      yield* run(worldOf(this), this.scenario, { check: opts.check ?? false, epochs: opts.epochs, blockStep: opts.blockStep, runner });
    } finally {
      runner.close();
    }
  }

  /**
   * Carry out one action now, through the chain's extrinsics (as an agent's action is carried out
   * in the apply phase). A refused action changes nothing and comes back as `{ ok: false, error }`.
   */
  act(action: Action): ActionResult {
    const events = applyAction(worldOf(this), action);
    const refused = events.find((e) => e.result !== 'ok');
    return refused === undefined || refused.result === 'ok' ? { ok: true, events } : { ok: false, error: refused.result, events };
  }

  /**
   * Run `blocks` blocks of the chain (coinbase, epochs, payouts) with no agent acting, `blockStep`
   * at a time (default 1), checking every invariant after each step if `check`.
   */
  advance(blocks: number, opts: { readonly blockStep?: number; readonly check?: boolean } = {}): void {
    if (!Number.isSafeInteger(blocks) || blocks < 0) throw new RangeError(`advance: blocks must be a whole number ≥ 0, got ${blocks}`);
    const w = worldOf(this);
    const step = opts.blockStep ?? 1;
    if (!Number.isSafeInteger(step) || step < 1) throw new RangeError(`advance: blockStep must be a whole number ≥ 1, got ${step}`);
    for (let done = 0; done < blocks; ) {
      const k = Math.min(step, blocks - done);
      stepBlocks(w, k);
      done += k;
      if (opts.check) checkInvariants(w);
    }
  }

  /** Every invariant of the economy now; throws `InvariantViolation` with the values involved. */
  assertInvariants(): void {
    checkInvariants(worldOf(this));
  }

  /** Every invariant of the economy now, as a value. */
  checkInvariants(): InvariantResult {
    try {
      checkInvariants(worldOf(this));
      return { ok: true };
    } catch (e) {
      if (e instanceof InvariantViolation) return { ok: false, violation: e };
      throw e;
    }
  }
}
