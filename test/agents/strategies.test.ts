/**
 * Each built-in strategy's defining behaviour, in a small deterministic world, against the same
 * world without it.
 */
import { describe, expect, it } from 'vitest';
import { run, type EpochRecord } from '../../src/sim/run.js';
import { agentWorld, runAll, spot, withPopulations } from './helpers.js';

const alphaOf = (w: ReturnType<typeof agentWorld>['w'], coldkey: string, netuid: number): bigint =>
  w.subnets.find((s) => s.netuid === netuid)!.metagraph.hotkeys.reduce((a, hk) => a + w.ledger.stake(hk, coldkey, netuid), 0n) +
  w.ledger.hotkeysOnSubnet(netuid).reduce((a, hk) => a + (w.subnets.find((s) => s.netuid === netuid)!.metagraph.uid(hk) === undefined ? w.ledger.stake(hk, coldkey, netuid) : 0n), 0n);

describe('miners', () => {
  it('a miner operator that sells lowers its subnet price against one that holds', () => {
    const sellers = agentWorld(withPopulations([{ class: 'miner', strategy: 'seller', count: 'per_subnet', subnets: [1], params: { sell_fraction: 1, sell_every_epochs: 2 } }]));
    const holders = agentWorld(withPopulations([{ class: 'miner', strategy: 'seller', count: 'per_subnet', subnets: [1], params: { sell_fraction: 0, sell_every_epochs: 2 } }]));
    const rs = runAll(sellers.sc, sellers.w);
    runAll(holders.sc, holders.w);
    const sold = rs.flatMap((r) => r.events).filter((e) => e.kind === 'unstake' && e.result === 'ok');
    expect(sold.length).toBeGreaterThan(10);
    expect(spot(sellers.w, 1)).toBeLessThan(spot(holders.w, 1) * 0.999);
    // subnet 2 has no operator: its miners hold in both runs
    expect(rs.flatMap((r) => r.events).some((e) => e.kind === 'unstake' && e.netuid === 2)).toBe(false);
  });

  it('the operator holds every built-in miner hotkey of its subnet, and receives their emission', () => {
    const { sc, w } = agentWorld(withPopulations([{ class: 'miner', strategy: 'seller', count: 'per_subnet', params: { sell_fraction: 0 } }]));
    const a = w.agents.find((x) => x.home === 1)!;
    const m = w.subnets[0]!.metagraph;
    const mine = m.hotkeys.filter((_, uid) => m.coldkeys[uid] === a.coldkey);
    expect(mine.length).toBe(6);
    runAll(sc, w);
    expect(a.rewardsTao).toBeGreaterThan(0n);
    expect(alphaOf(w, a.coldkey, 1)).toBeGreaterThan(0n);
  });
});

describe('owners', () => {
  it('a dumping owner lowers its price and emission share against the same run without the dump', () => {
    const pops = (dump: boolean) => [{ class: 'owner', strategy: dump ? 'dumper' : 'seller', count: 'per_subnet', subnets: [2], params: dump ? { dump_at_epoch: 10, dump_epochs: 3 } : { sell_fraction: 0 } }];
    const cfg = (dump: boolean) => ({ ...withPopulations(pops(dump), { epochs: 40 }), network: { total_issuance: '5000000', tao_weight: '0.18', share_rule: { rule: 'price-ema' } } });
    const d = agentWorld(cfg(true));
    const h = agentWorld(cfg(false));
    const owner = d.w.subnets[1]!.ownerColdkey;
    // in lockstep: at the end of the dump's last epoch the dumper holds only that epoch's cut
    const gd = run(d.w, d.sc, { check: false });
    const gh = run(h.w, h.sc, { check: false });
    const rd: EpochRecord[] = [];
    const rh: EpochRecord[] = [];
    for (let e = 0; e < 40; e++) {
      rd.push(gd.next().value as EpochRecord);
      rh.push(gh.next().value as EpochRecord);
      if (e === 12) expect(alphaOf(d.w, owner, 2) * 5n).toBeLessThan(alphaOf(h.w, owner, 2));
    }
    expect(rd.flatMap((r) => r.events).filter((e) => e.kind === 'unstake' && e.coldkey === owner && e.result === 'ok').length).toBe(3);
    expect(spot(d.w, 2)).toBeLessThan(spot(h.w, 2));
    const share = (w: typeof d.w) => Number(w.meters.get(2)!.flows.share);
    expect(share(d.w)).toBeLessThan(share(h.w));
    expect(rh.flatMap((r) => r.events).some((e) => e.coldkey === owner)).toBe(false);
  });
});

describe('stakers', () => {
  it('a yield-chaser moves toward the subnet with the higher yield', () => {
    // subnet 2 pays its stakers far more per staked alpha: its validators hold little stake
    const raw = withPopulations([{ class: 'staker', strategy: 'yield_chaser', count: 1, params: { budget_tao: 50, every_epochs: 2, min_hold_epochs: 2, hysteresis: 0.05, max_slippage: 0.5 } }], { epochs: 24 });
    const initial = raw.initial as { subnets: Record<string, unknown>[] };
    initial.subnets[0] = { ...initial.subnets[0], population: { validator_stake: { kind: 'equal', total: '19000' } } };
    initial.subnets[1] = { ...initial.subnets[1], population: { validator_stake: { kind: 'equal', total: '500' } } };
    const { sc, w } = agentWorld(raw);
    const a = w.agents[0]!;
    runAll(sc, w);
    const y1 = a.positions.size;
    expect(y1).toBeGreaterThan(0);
    expect(alphaOf(w, a.coldkey, 2)).toBeGreaterThan(0n);
    expect(alphaOf(w, a.coldkey, 1)).toBe(0n);
  });

  it('a holder stakes its budget once and keeps it', () => {
    const { sc, w } = agentWorld(withPopulations([{ class: 'staker', strategy: 'holder', count: 2, params: { budget_tao: 100 } }]));
    const rs = runAll(sc, w);
    const stakes = rs.flatMap((r) => r.events).filter((e) => e.kind === 'stake');
    expect(stakes.map((e) => [e.coldkey, e.netuid, e.result])).toEqual([
      [w.agents[0]!.coldkey, 1, 'ok'],
      [w.agents[1]!.coldkey, 2, 'ok'],
    ].sort((x, y) => rs[0]!.events.findIndex((e) => e.coldkey === x[0]) - rs[0]!.events.findIndex((e) => e.coldkey === y[0])));
    for (const a of w.agents) expect(w.ledger.freeBalance(a.coldkey)).toBe(0n);
  });

  it('noise traders trade both ways and move the price off its path without them', () => {
    const pops = [{ class: 'staker', strategy: 'noise_trader', count: 8, subnets: [1], params: { budget_tao: 2000, trade_probability: 0.5, trade_fraction: 0.2 } }];
    const n = agentWorld(withPopulations(pops));
    const q = agentWorld(withPopulations([]));
    const rn = runAll(n.sc, n.w);
    runAll(q.sc, q.w);
    const kinds = new Set(rn.flatMap((r) => r.events).filter((e) => e.result === 'ok').map((e) => e.kind));
    expect(kinds).toEqual(new Set(['stake', 'unstake']));
    expect(spot(n.w, 1)).not.toBe(spot(q.w, 1));
    expect(rn.flatMap((r) => r.events).some((e) => e.netuid === 2 && (e.kind === 'stake' || e.kind === 'unstake'))).toBe(false);
  });

  it('a speculator trades in spells: orders come in runs, each run mostly on one side, and its budget scales with its pool', () => {
    const pops = [{ class: 'staker', strategy: 'speculator', count: 1, subnets: [1], params: { budget_pool_fraction: 0.1, spell_rate: 0.1, spell_epochs: 8, trade_probability: 0.8, conviction: 0.95, order_fraction: 0.02 } }];
    const { sc, w } = agentWorld(withPopulations(pops, { epochs: 800 }));
    const a = w.agents[0]!;
    const pool0 = Number(w.subnets[0]!.pool.taoReserve);
    expect(Number(a.budgetTao)).toBeCloseTo(pool0 * 0.1, -3);
    const rs = runAll(sc, w);
    const orders = rs.flatMap((r) => r.events.filter((e) => e.coldkey === a.coldkey && e.result === 'ok' && (e.kind === 'stake' || e.kind === 'unstake')).map((e) => ({ epoch: r.epoch, buy: e.kind === 'stake' })));
    const at = new Map(orders.filter((o) => o.epoch > 0).map((o) => [o.epoch, o.buy]));
    const rate = at.size / 799;
    // clustering: an epoch after an order is far more likely to hold one than an epoch at random
    let after = 0;
    let follow = 0;
    let same = 0;
    for (const [e, buy] of at) {
      if (e + 1 >= 800) continue;
      after++;
      if (at.has(e + 1)) {
        follow++;
        if (at.get(e + 1) === buy) same++;
      }
    }
    expect(rate).toBeGreaterThan(0.05);
    expect(rate).toBeLessThan(0.6);
    expect(follow / after).toBeGreaterThan(2 * rate);
    // one-sided runs: neighbouring orders agree on the side far more often than at even odds
    expect(same / follow).toBeGreaterThan(0.7);
    expect(new Set(orders.map((o) => o.buy))).toEqual(new Set([true, false]));
  });

  it('momentum buys after a rise: a whale pumps the subnet, the trend-follower follows', () => {
    const raw = withPopulations([{ class: 'staker', strategy: 'momentum', count: 1, subnets: [1], params: { budget_tao: 100, lookback_epochs: 2, threshold: 0.01, every_epochs: 1 } }]);
    const { sc, w } = agentWorld({ ...raw, events: [{ at_epoch: 3, stake: { netuid: 1, amount: '3000' } }] });
    const rs = runAll(sc, w);
    const buys = rs.flatMap((r) => r.events.map((e) => ({ ...e, epoch: r.epoch }))).filter((e) => e.kind === 'stake' && e.coldkey === w.agents[0]!.coldkey);
    expect(buys.length).toBeGreaterThan(0);
    expect(buys[0]!.epoch).toBeGreaterThan(3);
    expect(buys[0]!.epoch).toBeLessThanOrEqual(6);
  });

  it('mean reversion buys after a fall below its trailing mean', () => {
    const raw = withPopulations([
      { class: 'staker', strategy: 'mean_reversion', count: 1, subnets: [1], params: { budget_tao: 100, lookback_epochs: 5, threshold: 0.02, every_epochs: 1 } },
    ]);
    // an outside holder sells hard at epoch 5 (the owner's cut so far is too small: a big timeline stake first, sold later)
    const { sc, w } = agentWorld({ ...raw, events: [{ at_epoch: 0, stake: { coldkey: 'whale', netuid: 1, amount: '3000' } }, { at_epoch: 8, unstake: { coldkey: 'whale', netuid: 1, amount: '9000' } }] });
    const rs = runAll(sc, w);
    const buys = rs.flatMap((r) => r.events.map((e) => ({ ...e, epoch: r.epoch }))).filter((e) => e.kind === 'stake' && e.coldkey === w.agents[0]!.coldkey);
    expect(buys.length).toBeGreaterThan(0);
    expect(buys.some((b) => b.epoch > 8 && b.epoch <= 11)).toBe(true);
  });
});

describe('entrant miners', () => {
  const entrant = (params: Record<string, unknown>) => withPopulations([{ name: 'm', class: 'miner', strategy: 'entrant', count: 3, subnets: [1], params: { budget_tao: 50, patience_epochs: 5, ...params } }], { epochs: 40 });

  it('register when mining pays, serve, earn and sell', () => {
    const { sc, w } = agentWorld(entrant({ cost_usd_per_day: 1, quality: 0.9, sell_every_epochs: 5 }));
    const rs = runAll(sc, w, true);
    const regs = rs.flatMap((r) => r.events).filter((e) => e.kind === 'burned_register');
    expect(regs.map((e) => e.result)).toEqual(['ok', 'ok', 'ok']);
    const s = w.subnets[0]!;
    const pop = w.population.get(1)!;
    for (const a of w.agents) {
      const uid = s.metagraph.uid(`${a.coldkey}-hk0`)!;
      expect(uid).toBeDefined();
      expect(pop.quality[uid]).toBe(0.9);
      expect(a.rewardsTao).toBeGreaterThan(0n);
      expect(a.costsTao).toBeGreaterThan(0n);
    }
    expect(rs.flatMap((r) => r.events).some((e) => e.kind === 'unstake' && e.result === 'ok' && e.coldkey === w.agents[0]!.coldkey)).toBe(true);
  });

  it('do not enter when the cost is above what a uid earns', () => {
    const { sc, w } = agentWorld(entrant({ cost_usd_per_day: 1e6 }));
    const rs = runAll(sc, w);
    expect(rs.flatMap((r) => r.events).filter((e) => e.kind === 'burned_register')).toEqual([]);
    for (const a of w.agents) expect(a.costsTao).toBe(0n);
  });

  it('an unprofitable miner leaves: stops serving and its costs stop; it stays out for its patience', () => {
    // the subnet's average uid pays more than the cost, but this miner's work is worth nothing
    const raw = entrant({ cost_usd_per_day: 1, quality: 0, max_uids: 1, patience_epochs: 5 });
    // validators see the work as it is (no noise in their view)
    const defaults = raw.subnet_defaults as { population: Record<string, unknown> };
    defaults.population = { ...defaults.population, validator_noise: 0 };
    const { sc, w } = agentWorld(raw);
    const a = w.agents[0]!;
    const costs: bigint[] = [];
    const regs: number[] = [];
    for (const r of run(w, sc, { check: false })) {
      costs.push(a.costsTao);
      if (r.events.some((e) => e.coldkey === a.coldkey && e.kind === 'burned_register' && e.result === 'ok')) regs.push(r.epoch);
    }
    expect(regs[0]).toBe(1);
    // it pays while it serves; after five losing epochs (and the first ones of the new uid) it
    // stops: no cost for its patience
    const paid = costs.map((c, e) => (e > 0 && c > costs[e - 1]! ? e : -1)).filter((e) => e >= 0);
    expect(paid[0]).toBe(2);
    const stop = paid.findIndex((e, k) => k > 0 && e !== paid[k - 1]! + 1);
    const last = paid[stop - 1]!;
    expect(last).toBeGreaterThanOrEqual(6);
    expect(last).toBeLessThanOrEqual(8);
    expect(costs[last + 4]).toBe(costs[last]);
    // it comes back after its patience (the subnet still pays its average uid well), and leaves again
    expect(regs.length).toBeGreaterThan(1);
    expect(regs[1]!).toBeGreaterThanOrEqual(11);
    expect(a.rewardsTao).toBe(0n);
  });
});

describe('owner buyback', () => {
  it('a buyback owner stakes its budget into its own subnet and raises its price against the same run without it', () => {
    const pops = (buy: boolean) => [{ class: 'owner', strategy: buy ? 'buyback' : 'seller', count: 'per_subnet', subnets: [2], params: buy ? { budget_tao: 5000, buy_fraction: 0.5, buy_every_epochs: 5 } : { sell_fraction: 0 } }];
    const b = agentWorld(withPopulations(pops(true)));
    const h = agentWorld(withPopulations(pops(false)));
    const owner = b.w.subnets[1]!.ownerColdkey;
    const bought = runAll(b.sc, b.w).flatMap((r) => r.events).filter((e) => e.kind === 'stake' && e.coldkey === owner && e.result === 'ok');
    runAll(h.sc, h.w);
    expect(bought.length).toBe(6);
    expect(bought.every((e) => e.netuid === 2 && e.hotkey === b.w.subnets[1]!.ownerHotkey)).toBe(true);
    expect(Number(b.w.ledger.freeBalance(owner))).toBeLessThan(5000e9 / 2 ** 5);
    expect(spot(b.w, 2)).toBeGreaterThan(spot(h.w, 2) * 1.01);
  });
});

describe('founder', () => {
  const founder = (params: Record<string, unknown>) => withPopulations([{ class: 'owner', strategy: 'founder', count: 1, params: { budget_tao: 100_000, every_epochs: 2, sell_every_epochs: 5, ...params } }], { epochs: 40 });

  it('registers a subnet when a median owner cut pays the lock back, starts it, earns its cut and sells it', () => {
    const { sc, w } = agentWorld(founder({ payback_days: 100_000 }));
    const a = w.agents[0]!;
    const rs = runAll(sc, w, true);
    const mine = rs.flatMap((r) => r.events.map((e) => ({ ...e, epoch: r.epoch }))).filter((e) => e.coldkey === a.coldkey);
    const reg = mine.filter((e) => e.kind === 'register_network' && e.result === 'ok');
    expect(reg.length).toBe(1);
    const netuid = reg[0]!.netuid!;
    expect(w.subnets.find((s) => s.netuid === netuid)!.ownerColdkey).toBe(a.coldkey);
    expect(mine.some((e) => e.kind === 'start_call' && e.result === 'ok' && e.netuid === netuid && e.epoch > reg[0]!.epoch)).toBe(true);
    // it paid the lock from its budget, and its owner cut came in and was partly sold
    expect(w.ledger.freeBalance(a.coldkey)).toBeLessThan(a.budgetTao);
    expect(a.rewardsTao).toBeGreaterThan(0n);
    expect(mine.some((e) => e.kind === 'unstake' && e.result === 'ok' && e.netuid === netuid)).toBe(true);
  });

  it('does not register when the lock cost does not pay back in time', () => {
    const { sc, w } = agentWorld(founder({ payback_days: 0.001 }));
    const rs = runAll(sc, w);
    expect(rs.flatMap((r) => r.events).some((e) => e.kind === 'register_network')).toBe(false);
    expect(w.subnets.length).toBe(2);
  });
});
