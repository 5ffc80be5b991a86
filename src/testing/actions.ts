/**
 * fast-check arbitraries of the extrinsics agents use (sequences of `Action`s) and model-based
 * commands for `fc.commands`: stake, unstake, move, register, advance, each carried out through
 * the public API on a `Simulation`, with every invariant of the economy as the check after each,
 * and a refused action checked to change nothing.
 */
import fc from 'fast-check';
import type { Action } from '../agents/actions.js';
import { alphaRao, taoRao } from '../core/units.js';
import type { ActionResult, Simulation } from '../api/simulation.js';

/** Who acts and where. @public */
export interface ActorOptions {
  /** Subnets acted on: netuids 1..maxSubnets. Default 3. */
  readonly maxSubnets?: number;
  /** Hotkeys staked to: the built-in validators `validator-0`..`validator-(n-1)`. Default 3. */
  readonly validators?: number;
  /** Coldkeys that act. Default `['whale', 'shrimp', 'fund']`. */
  readonly coldkeys?: readonly string[];
  /** Largest stake, rao. Default 5,000 TAO. */
  readonly maxStake?: bigint;
}

const defaults = (o: ActorOptions) => ({
  maxSubnets: o.maxSubnets ?? 3,
  validators: o.validators ?? 3,
  coldkeys: o.coldkeys ?? ['whale', 'shrimp', 'fund'],
  maxStake: o.maxStake ?? 5_000_000_000_000n,
});

const hotkey = (k: number): string => `validator-${k}`;

/**
 * One action: add_stake (TAO brought in from outside the model), remove_stake, move_stake,
 * burned_register. Amounts span the chain's minimum, so some are refused (AmountTooLow,
 * NotEnoughStakeToWithdraw, …), as they should be.
 * @public
 */
export function actionArb(opts: ActorOptions = {}): fc.Arbitrary<Action> {
  const o = defaults(opts);
  const ck = fc.constantFrom(...o.coldkeys);
  const netuid = fc.integer({ min: 1, max: o.maxSubnets });
  const hk = fc.nat({ max: o.validators - 1 }).map(hotkey);
  const amount = fc.bigInt({ min: 0n, max: o.maxStake });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ coldkey: ck, hotkey: hk, netuid, amount }).map((r): Action => ({ kind: 'add_stake', ...r, amount: taoRao(r.amount), fromOutside: true })) },
    { weight: 3, arbitrary: fc.record({ coldkey: ck, hotkey: hk, netuid, amount }).map((r): Action => ({ kind: 'remove_stake', ...r, amount: alphaRao(r.amount) })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ coldkey: ck, from: fc.record({ hotkey: hk, netuid }), to: fc.record({ hotkey: hk, netuid }), amount })
        .map((r): Action => ({ kind: 'move_stake', ...r, amount: alphaRao(r.amount) })),
    },
    { weight: 1, arbitrary: fc.record({ coldkey: ck, netuid, n: fc.nat({ max: 999 }) }).map((r): Action => ({ kind: 'burned_register', coldkey: r.coldkey, hotkey: `${r.coldkey}-hk-${r.n}`, netuid: r.netuid, fromOutside: true })) },
  );
}

/** A sequence of actions (see `actionArb`). @public */
export const actionsArb = (opts: ActorOptions & { readonly maxLength?: number } = {}): fc.Arbitrary<Action[]> =>
  fc.array(actionArb(opts), { maxLength: opts.maxLength ?? 20 });

/** What the model knows: the subnets that exist, the TAO outside the model. @public */
export interface EconomyModel {
  subnets: number;
  outside: bigint;
}

/** The system under test. @public */
export interface EconomyReal {
  readonly sim: Simulation;
}

/** A model-based command on a simulation. @public */
export type EconomyCommand = fc.Command<EconomyModel, EconomyReal>;

/** What a refused action must leave as it was. */
const fingerprint = (sim: Simulation, coldkey: string) =>
  JSON.stringify({ outside: sim.view.outside, issuance: sim.view.issuance, free: sim.view.freeBalance(coldkey), subnets: sim.view.subnets }, (_, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );

/** An action through the API, then the checks: a refusal changed nothing; the outside TAO only fell; every invariant holds. */
function actChecked(m: EconomyModel, r: EconomyReal, coldkey: string, a: Action): ActionResult {
  const before = fingerprint(r.sim, coldkey);
  const res = r.sim.act(a);
  if (!res.ok && fingerprint(r.sim, coldkey) !== before) throw new Error(`${a.kind} refused (${res.error}) but changed the world`);
  if (r.sim.view.outside > m.outside) throw new Error(`${a.kind}: TAO outside the model rose from ${m.outside} to ${r.sim.view.outside}`);
  m.outside = r.sim.view.outside;
  r.sim.assertInvariants();
  return res;
}

abstract class ActCommand implements EconomyCommand {
  constructor(readonly netuid: number) {}
  check(m: Readonly<EconomyModel>): boolean {
    return this.netuid <= m.subnets;
  }
  abstract run(m: EconomyModel, r: EconomyReal): void;
}

/** add_stake of `tao` rao, brought in from outside the model. @public */
export class StakeCommand extends ActCommand {
  constructor(readonly coldkey: string, netuid: number, readonly hotkey: string, readonly tao: bigint) {
    super(netuid);
  }
  override run(m: EconomyModel, r: EconomyReal): void {
    const res = actChecked(m, r, this.coldkey, { kind: 'add_stake', coldkey: this.coldkey, hotkey: this.hotkey, netuid: this.netuid, amount: taoRao(this.tao), fromOutside: true });
    if (res.ok && this.tao === 0n) throw new Error('a stake of 0 went through');
  }
  override toString = (): string => `stake(${this.coldkey}, sn${this.netuid}, ${this.hotkey}, ${this.tao})`;
}

/** remove_stake of a fraction (0..1.2: past 1 asks for more than is held) of the stake held. @public */
export class UnstakeCommand extends ActCommand {
  constructor(readonly coldkey: string, netuid: number, readonly hotkey: string, readonly permille: number) {
    super(netuid);
  }
  override run(m: EconomyModel, r: EconomyReal): void {
    const held = r.sim.view.stake(this.hotkey, this.coldkey, this.netuid);
    const free = r.sim.view.freeBalance(this.coldkey);
    const res = actChecked(m, r, this.coldkey, { kind: 'remove_stake', coldkey: this.coldkey, hotkey: this.hotkey, netuid: this.netuid, amount: alphaRao((held * BigInt(this.permille)) / 1000n) });
    if (res.ok && r.sim.view.freeBalance(this.coldkey) < free) throw new Error('an unstake lowered the free balance');
  }
  override toString = (): string => `unstake(${this.coldkey}, sn${this.netuid}, ${this.hotkey}, ${this.permille}‰)`;
}

/** move_stake of a fraction of the stake held to another hotkey and/or subnet. @public */
export class MoveCommand extends ActCommand {
  constructor(readonly coldkey: string, netuid: number, readonly hotkey: string, readonly toNetuid: number, readonly toHotkey: string, readonly permille: number) {
    super(netuid);
  }
  override check(m: Readonly<EconomyModel>): boolean {
    return super.check(m) && this.toNetuid <= m.subnets;
  }
  override run(m: EconomyModel, r: EconomyReal): void {
    const held = r.sim.view.stake(this.hotkey, this.coldkey, this.netuid);
    actChecked(m, r, this.coldkey, {
      kind: 'move_stake',
      coldkey: this.coldkey,
      from: { hotkey: this.hotkey, netuid: this.netuid },
      to: { hotkey: this.toHotkey, netuid: this.toNetuid },
      amount: alphaRao((held * BigInt(this.permille)) / 1000n),
    });
  }
  override toString = (): string => `move(${this.coldkey}, sn${this.netuid}/${this.hotkey} → sn${this.toNetuid}/${this.toHotkey}, ${this.permille}‰)`;
}

/** burned_register of a new hotkey, the burn brought in from outside the model. @public */
export class RegisterCommand extends ActCommand {
  constructor(readonly coldkey: string, netuid: number, readonly hotkey: string) {
    super(netuid);
  }
  override run(m: EconomyModel, r: EconomyReal): void {
    const res = actChecked(m, r, this.coldkey, { kind: 'burned_register', coldkey: this.coldkey, hotkey: this.hotkey, netuid: this.netuid, fromOutside: true });
    if (res.ok && !(r.sim.view.subnet(this.netuid)?.hotkeys.includes(this.hotkey) ?? false)) throw new Error(`${this.hotkey} registered but holds no uid`);
  }
  override toString = (): string => `register(${this.coldkey}, sn${this.netuid}, ${this.hotkey})`;
}

/** `blocks` blocks of the chain, `blockStep` at a time, every invariant after each step; issuance never falls. @public */
export class AdvanceCommand implements EconomyCommand {
  constructor(readonly blocks: number, readonly blockStep: number) {}
  check = (): boolean => true;
  run(_m: EconomyModel, r: EconomyReal): void {
    const issuance = r.sim.view.issuance;
    const block = r.sim.view.block;
    r.sim.advance(this.blocks, { blockStep: this.blockStep, check: true });
    if (r.sim.view.block !== block + this.blocks) throw new Error(`advance(${this.blocks}) moved from block ${block} to ${r.sim.view.block}`);
    if (r.sim.view.issuance < issuance) throw new Error(`issuance fell from ${issuance} to ${r.sim.view.issuance}`);
  }
  toString = (): string => `advance(${this.blocks} by ${this.blockStep})`;
}

/**
 * The commands' arbitraries, ready for `fc.commands(economyCommands(), …)`. Populations of the
 * agent layer (strategies) will add their own commands beside these.
 * @public
 */
export function economyCommands(opts: ActorOptions & { readonly maxAdvance?: number } = {}): fc.Arbitrary<EconomyCommand>[] {
  const o = defaults(opts);
  const ck = fc.constantFrom(...o.coldkeys);
  const netuid = fc.integer({ min: 1, max: o.maxSubnets });
  const hk = fc.nat({ max: o.validators - 1 }).map(hotkey);
  const permille = fc.integer({ min: 0, max: 1200 });
  return [
    fc.tuple(ck, netuid, hk, fc.bigInt({ min: 0n, max: o.maxStake })).map(([c, n, h, a]) => new StakeCommand(c, n, h, a)),
    fc.tuple(ck, netuid, hk, permille).map(([c, n, h, p]) => new UnstakeCommand(c, n, h, p)),
    fc.tuple(ck, netuid, hk, netuid, hk, permille).map(([c, n, h, tn, th, p]) => new MoveCommand(c, n, h, tn, th, p)),
    fc.tuple(ck, netuid, fc.nat({ max: 999 })).map(([c, n, k]) => new RegisterCommand(c, n, `${c}-hk-${k}`)),
    fc.tuple(fc.integer({ min: 1, max: opts.maxAdvance ?? 40 }), fc.integer({ min: 1, max: 12 })).map(([b, s]) => new AdvanceCommand(b, s)),
  ];
}

/** Run commands on a simulation (before its steps), the model starting from its world. @public */
export function runEconomyCommands(sim: Simulation, commands: Iterable<EconomyCommand>): void {
  const model: EconomyModel = { subnets: sim.view.subnets.length, outside: sim.view.outside };
  fc.modelRun(() => ({ model, real: { sim } }), commands);
}
