/** The snapshot reader on the block 8,791,253 snapshot (numbers from shared/data/mainnet/README.md §1). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { I96F32, toF64 } from '../../../src/core/fixed.js';
import { parseSnapshot, readSnapshot } from '../../../src/scenario/snapshot.js';
import { REPO_ROOT } from '../../helpers/shared.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
const RAO = 1_000_000_000n;

describe('readSnapshot', () => {
  const s = readSnapshot(join(FIXTURES, 'snapshot_b8791253_flat.csv'));
  it('reads 128 subnets and root TAO from row 0 (Check D magnitudes)', () => {
    expect(s.subnets).toHaveLength(128);
    expect(s.rootTao / RAO).toBe(5_445_703n);
    const poolTao = s.subnets.reduce((a, x) => a + x.taoReserve, 0n);
    expect((poolTao + RAO / 2n) / RAO).toBe(2_034_887n);
    expect(s.subnets.filter((x) => x.emissionEnabled)).toHaveLength(85);
    expect(s.subnets.filter((x) => x.minerBurned > 0n)).toHaveLength(73);
    expect(s.block).toBe(8_791_247n);
    expect(s.gateBar).toBeUndefined();
  });
  it('recovers the stored I96F32 moving prices exactly from their printed doubles', () => {
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(FIXTURES, 'snapshot_b8791253_flat.csv'), 'utf8').trim(), { header: true }).data;
    for (const x of s.subnets) {
      const text = rows.find((r) => r.netuid === String(x.netuid))?.moving_price_pinned ?? '';
      if (text !== '') expect(toF64(I96F32, x.movingPrice), `netuid ${x.netuid}`).toBe(Number(text));
    }
    const sn1 = s.subnets.find((x) => x.netuid === 1);
    expect(toF64(I96F32, sn1?.movingPrice ?? 0n)).toBe(0.008316343650221825);
    const sn86 = s.subnets.find((x) => x.netuid === 86);
    expect(sn86?.firstEmissionBlock).toBeNull();
    expect(sn86?.movingPrice).toBe(0n);
  });
  it('accepts a stored moving price above 1 (an I96F32, as subtensor tests set it) and refuses one the type cannot hold', () => {
    const text = readFileSync(join(FIXTURES, 'snapshot_b8791253_flat.csv'), 'utf8');
    const withPrice = (p: string): string => text.replace(',0.008316357,0.008316343650221825,', `,0.008316357,${p},`);
    expect(withPrice('2')).not.toBe(text);
    expect(parseSnapshot(withPrice('2'), 'two.csv').subnets[0]?.movingPrice).toBe(2n << 32n);
    expect(parseSnapshot(withPrice('1234567.25'), 'big.csv').subnets[0]?.movingPrice).toBe(4_938_269n << 30n);
    expect(() => parseSnapshot(withPrice(String(2 ** 95)), 'huge.csv')).toThrow(/row 3, column moving_price_pinned: .* is not a number in \[0, 2\^95\)/);
    expect(() => parseSnapshot(withPrice('-1'), 'neg.csv')).toThrow(/moving_price_pinned/);
  });
  it('reads optional globals from the root row', () => {
    const g = readSnapshot(join(FIXTURES, 'snapshot_b8791253_globals.csv'));
    expect(g.block).toBe(8_791_253n);
    expect(g.totalIssuance).toBe(11_206_919_340_000_000n);
    expect(g.taoWeightRaw).toBe(3_320_413_933_267_719_290n);
    expect(Number(g.gateBar) / 2 ** 64).toBeCloseTo(0.0082325, 12);
  });
});
