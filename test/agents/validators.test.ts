/**
 * The validator strategies' defining behaviours, each against the same world with an honest
 * validator (or without the agent), on one subnet of six equally staked validators.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/sim/run.js';
import { agentWorld, runAll } from './helpers.js';

const world = (populations: unknown[], opts: { yuma3?: boolean; epochs?: number; sigma?: number; nominators?: unknown[] } = {}) => ({
  name: 'validators',
  seed: 5,
  run: { epochs: opts.epochs ?? 120, blocks_per_epoch: 36, block_step: 12 },
  network: { total_issuance: '5000000', tao_weight: '0.18' },
  subnet_defaults: {
    params: { tempo: 35, max_allowed_uids: 64, yuma3: opts.yuma3 ?? true },
    population: { validators: 6, miners: 24, validator_stake: { kind: 'equal', total: '60000' }, miner_quality: { kind: 'beta', a: 2, b: 5 }, validator_noise: 0.05, nominators: opts.nominators ?? [] },
  },
  initial: { root_tao: '100000', subnets: [{ netuid: 1, tao_in: '50000', alpha_in: '200000', alpha_out: '300000', moving_price: '0.25' }] },
  populations: [{ name: 'miners', class: 'miner', strategy: 'seller', count: 'per_subnet', params: { sell_fraction: 0, quality_sigma: opts.sigma ?? 0.05 } }, ...populations],
});

const agent = (w: ReturnType<typeof agentWorld>['w'], name: string) => w.agents.find((a) => a.population === name)!;
const subnetStake = (w: ReturnType<typeof agentWorld>['w'], a: { coldkey: string; validatorHotkey?: string }) => w.ledger.stake(a.validatorHotkey!, a.coldkey, 1);

describe('validators', () => {
  it('takes over a built-in validator: its keys and stakes, and the built-in weights stop for it', () => {
    const { sc, w } = agentWorld(world([{ name: 'off', class: 'validator', strategy: 'offline', count: 1 }], { epochs: 10 }));
    const a = agent(w, 'off');
    expect(a.coldkey).toBe('validator-ck-0');
    expect(a.validatorHotkey).toBe('validator-0');
    expect(subnetStake(w, a)).toBeGreaterThan(0n);
    const rs = runAll(sc, w);
    const m = w.subnets[0]!.metagraph;
    // never set: the others' rows are there, the offline validator's is empty
    expect(w.subnets[0]!.weights[m.uid('validator-0')!]!.j.length).toBe(0);
    expect(w.subnets[0]!.weights[m.uid('validator-1')!]!.j.length).toBeGreaterThan(0);
    expect(rs.flatMap((r) => r.events).some((e) => e.kind === 'set_weights' && e.hotkey === 'validator-0')).toBe(false);
  });

  it('a copier earns less per unit of stake than an honest validator under Yuma3', () => {
    const { sc, w } = agentWorld(world([
      { name: 'copier', class: 'validator', strategy: 'copier', count: 1 },
      { name: 'honest', class: 'validator', strategy: 'honest', count: 1 },
    ]));
    const c = agent(w, 'copier');
    const h = agent(w, 'honest');
    const [sc0, sh0] = [subnetStake(w, c), subnetStake(w, h)];
    const rs = runAll(sc, w);
    const copied = rs.flatMap((r) => r.events).filter((e) => e.kind === 'set_weights' && e.hotkey === c.validatorHotkey && e.result === 'ok');
    expect(copied.length).toBeGreaterThan(100);
    const perStake = (r: bigint, s: bigint) => Number(r) / Number(s);
    expect(perStake(c.rewardsTao, sc0)).toBeLessThan(perStake(h.rewardsTao, sh0) * 0.97);
  });

  it('the copier sets what the largest other validator had lag_epochs steps before', () => {
    // a nominator makes validator-3 the largest, whatever the dividends
    const nominators = [{ coldkey: 'nominator', validator: 3, amount: '50000' }];
    const { sc, w } = agentWorld(world([{ name: 'copier', class: 'validator', strategy: 'copier', count: 1, params: { lag_epochs: 2 } }], { epochs: 12, nominators }));
    const s = w.subnets[0]!;
    const row = (hk: string) => JSON.stringify(Array.from(s.weights[s.metagraph.uid(hk)!]!.v));
    const leader: string[] = [];
    const copier: string[] = [];
    for (const rec of run(w, sc, { check: false })) {
      void rec;
      leader.push(row('validator-3'));
      copier.push(row('validator-0'));
    }
    // at step e the copier sets the row the leader had set at step e − 2
    for (let e = 2; e < 12; e++) expect(copier[e]).toBe(leader[e - 2]);
    expect(new Set(leader).size).toBeGreaterThan(5);
  });

  it('a lazy validator sets weights every weight_every_epochs only', () => {
    const { sc, w } = agentWorld(world([{ name: 'lazy', class: 'validator', strategy: 'lazy', count: 1, params: { weight_every_epochs: 5 } }], { epochs: 30 }));
    const set = runAll(sc, w).flatMap((r) => r.events).filter((e) => e.kind === 'set_weights' && e.hotkey === 'validator-0' && e.result === 'ok');
    expect(set.length).toBe(6);
  });

  it('an offline validator earns less than an honest one once its weights age past activity_cutoff', () => {
    const { sc, w } = agentWorld(world([
      { name: 'off', class: 'validator', strategy: 'offline', count: 1 },
      { name: 'honest', class: 'validator', strategy: 'honest', count: 1 },
    ], { epochs: 200 }));
    runAll(sc, w);
    expect(Number(agent(w, 'off').rewardsTao)).toBeLessThan(Number(agent(w, 'honest').rewardsTao) * 0.5);
  });

  it('a cabal validator boosts its own idle miners: clipped away in a minority, paid with a majority of stake', () => {
    const ownAlpha = (boost: number, majority: boolean) => {
      const nominators = majority ? [{ coldkey: 'nominator', validator: 0, amount: '100000' }] : [];
      const { sc, w } = agentWorld(world([{ name: 'cabal', class: 'validator', strategy: 'cabal', count: 1, params: { own_miners: 3, boost, budget_tao: 10 } }], { epochs: 60, sigma: 0, nominators }));
      runAll(sc, w);
      const a = agent(w, 'cabal');
      const m = w.subnets[0]!.metagraph;
      const own = m.hotkeys.filter((hk, uid) => m.coldkeys[uid] === a.coldkey && hk !== a.validatorHotkey);
      expect(own.length).toBe(3);
      return Number(own.reduce((x, hk) => x + w.ledger.stake(hk, a.coldkey, 1), 0n));
    };
    // quality 0: without the boost only the validators' noise gives them weight
    const idle = ownAlpha(0, false);
    expect(ownAlpha(0.5, false)).toBeLessThan(idle * 1.5);
    expect(ownAlpha(0.5, true)).toBeGreaterThan(idle * 10);
  });

  it('sets its take at the start (decrease_take), and a sale sells part of its dividends, never the stake it started with', () => {
    const { sc, w } = agentWorld(world([{ name: 'h', class: 'validator', strategy: 'honest', count: 1, params: { take: 0.05, sell_fraction: 0.5, sell_every_epochs: 10 } }], { epochs: 21 }));
    const start = w.ledger.stake('validator-0', 'validator-ck-0', 1);
    const ev = runAll(sc, w).flatMap((r) => r.events);
    const sold = ev.filter((e) => e.kind === 'unstake' && e.coldkey === 'validator-ck-0' && e.netuid === 1 && e.result === 'ok').reduce((a, e) => a + e.amount, 0n);
    const now = w.ledger.stake('validator-0', 'validator-ck-0', 1);
    // it kept its starting stake and about half of what it earned
    expect(now).toBeGreaterThan(start);
    expect(sold).toBeGreaterThan(0n);
    expect(Number(sold)).toBeLessThan(Number(now - start) * 1.5);
    expect(ev.filter((e) => e.kind === 'decrease_take' && e.result === 'ok').length).toBe(1);
    expect(w.ledger.delegateTake('validator-0')).toBe(Math.round(0.05 * 65535));
    expect(ev.filter((e) => e.kind === 'unstake' && e.coldkey === 'validator-ck-0' && e.netuid === 1 && e.result === 'ok').length).toBe(2);
  });

  it('a population of validators asks for a number of them, and no more than there are', () => {
    expect(() => agentWorld(world([{ name: 'v', class: 'validator', strategy: 'honest', count: 'per_subnet' }]))).toThrow(/populations\[1\]\.count: .*expected count: a number of validators/);
    expect(() => agentWorld(world([{ name: 'v', class: 'validator', strategy: 'honest', count: 7 }]))).toThrow(/populations\[1\]\.count: takes over built-in validator 6/);
  });
});
