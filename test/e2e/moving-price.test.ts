/**
 * Moving prices above 1. `SubnetMovingPrice` is an I96F32 and subtensor's own coinbase tests set it
 * to 2; a scenario may too. The chain's update pulls it toward min(spot, 1)
 * (stake_utils.rs::update_moving_price), so from 2 it falls toward the spot below 1 and toward 1
 * above it, never rising to a spot of 3.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import Papa from 'papaparse';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Simulation, worldOf } from '../../src/api/simulation.js';
import { currentPrice } from '../../src/chain/swap/index.js';
import { runCli } from '../helpers/cli.js';

const MOVING_ALPHA = '0.02';
const scenario = (movingPrice: string) => ({
  name: 'moving-price-2',
  seed: 5,
  run: { epochs: 4, blocks_per_epoch: 36 },
  // a fast EMA (0.02 per block, no warm-up) so four short epochs move it visibly
  network: { total_issuance: '1000000', moving_alpha: MOVING_ALPHA },
  subnet_defaults: {
    params: { tempo: 12, ema_price_halving_blocks: 0 },
    population: { validators: 2, miners: 4, validator_stake: { kind: 'equal', total: '1000' } },
  },
  initial: {
    root_tao: '0',
    subnets: [
      { netuid: 1, tao_in: '10000', alpha_in: '20000', alpha_out: '5000', moving_price: movingPrice, first_emission_block: 0 },
      { netuid: 2, tao_in: '30000', alpha_in: '10000', alpha_out: '5000', moving_price: movingPrice, first_emission_block: 0 },
    ],
  },
});

const dir = mkdtempSync(join(tmpdir(), 'taosim-moving-price-'));
const write = (name: string, doc: unknown): string => {
  const f = join(dir, name);
  writeFileSync(f, stringify(doc));
  return f;
};

describe('a scenario with moving_price 2', () => {
  it('updates it each block as the EMA says, from the stored value toward min(spot, 1), with nothing saturating', () => {
    const sim = Simulation.load(scenario('2'));
    const w = worldOf(sim);
    const two = 2n << 32n;
    expect(w.subnets.map((s) => s.movingPrice)).toEqual([two, two]);
    const q32 = new Decimal(2).pow(32);
    const q64 = new Decimal(2).pow(64);
    const a = new Decimal(MOVING_ALPHA);
    for (let block = 0; block < 3 * 36; block++) {
      const before = w.subnets.map((s) => new Decimal(s.movingPrice.toString()).div(q32));
      sim.advance(1, { check: true });
      w.subnets.forEach((s, i) => {
        const spot = Decimal.min(new Decimal(currentPrice(s.pool).toString()).div(q64), 1);
        const ema = a.mul(spot).plus(new Decimal(1).minus(a).mul(before[i]!));
        const stored = new Decimal(s.movingPrice.toString()).div(q32);
        // the chain floors each product and drops bits to I96F32: at most two 2^-32 steps below
        const gap = ema.minus(stored).mul(q32);
        expect(gap.gte(0) && gap.lt(2), `netuid ${s.netuid} block ${w.block}: stored ${stored}, EMA ${ema}`).toBe(true);
      });
    }
    const [sn1, sn2] = w.subnets.map((s) => Number(s.movingPrice) / 2 ** 32);
    const spot1 = Number(currentPrice(w.subnets[0]!.pool)) / 2 ** 64;
    expect(spot1).toBeLessThan(1);
    expect(sn1!).toBeLessThan(1); // from 2, most of the way down to the spot
    expect(sn1!).toBeGreaterThan(spot1);
    expect(Number(currentPrice(w.subnets[1]!.pool)) / 2 ** 64).toBeGreaterThan(2);
    expect(sn2!).toBeGreaterThan(1);
    expect(sn2!).toBeLessThan(1.2);
  });

  it('loads, runs under --check, and subnets.csv shows it falling toward the spot price', () => {
    const out = join(dir, 'run');
    const r = runCli(['run', write('mp2.yaml', scenario('2')), '--check', '--out', out, '--neurons', 'off']);
    expect(r.stderr).not.toMatch(/error|violation/i);
    expect(r.code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(out, 'subnets.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const series = (netuid: string) => rows.filter((x) => x.netuid === netuid);
    for (const [netuid, floor] of [['1', (x: Record<string, string>) => Number(x.spot_price)], ['2', () => 1]] as const) {
      const s = series(netuid);
      expect(s).toHaveLength(4);
      const mp = s.map((x) => Number(x.moving_price));
      expect(mp[0]).toBeLessThan(2);
      mp.forEach((p, e) => {
        if (e > 0) expect(p, `netuid ${netuid} epoch ${e}`).toBeLessThan(mp[e - 1]!);
        expect(p).toBeGreaterThan(floor(s[e]!));
      });
    }
  });

  it('accepts the whole I96F32 range and refuses what the chain cannot store, naming the key', () => {
    const max = '39614081257132168796771975167.99999999976716935634613037109375'; // (2^127 − 1) / 2^32
    expect(runCli(['validate', write('max.yaml', scenario(max))]).code).toBe(0);
    for (const bad of ['39614081257132168796771975168', '-0.5']) {
      const r = runCli(['validate', write('bad.yaml', scenario(bad))]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('initial.subnets[0].moving_price: expected moving (EMA) price in TAO per alpha: a number in [0, 2^95 − 2^−32] (I96F32)');
    }
  });
});
