/** `taosim quote` end to end: the built binary, its JSON, and exit 2 on bad flags. */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const POOL = ['--tao-reserve', '1', '--alpha-reserve', '4']; // test_swap_basic: 1e9 rao / 4e9 alpha-rao

function quote(args: string[]): Record<string, string> {
  const r = runCli(['quote', ...POOL, ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, string>;
}

describe('taosim quote', () => {
  it('stake: amount out and fee of the test_swap_basic vector, and the pool after it', () => {
    const q = quote(['--stake', '0.000123456']);
    expect(Object.keys(q).sort()).toEqual(['alpha_reserve', 'amount_out', 'fee', 'price', 'refund', 'tao_reserve']);
    expect([q.amount_out, q.fee, q.refund]).toEqual(['493515', '62', '0']);
    expect(q.tao_reserve).toBe(String(1_000_000_000 + 123_394));
    expect(q.alpha_reserve).toBe(String(4_000_000_000 - 493_515));
    // w = 0.5: price = y/x, printed to 20 decimals, floored
    const exact = new Decimal(q.tao_reserve!).div(q.alpha_reserve!);
    expect(exact.minus(q.price!).abs().lt('1e-18')).toBe(true);
  });

  it('unstake: TAO out and fee of the vector; the author-fee swap moves the pool again', () => {
    const q = quote(['--unstake', '0.000123456']);
    expect([q.amount_out, q.fee]).toEqual(['30847', '62']);
    // all 123456 alpha entered the pool: 123394 from the user's swap, 62 from the author's
    expect(q.alpha_reserve).toBe(String(4_000_000_000 + 123_456));
    expect(BigInt(q.tao_reserve!) < 1_000_000_000n - 30_847n).toBe(true);
  });

  it('a limit price stops the stake at that price and reports the unused TAO', () => {
    const q = quote(['--stake', '1', '--limit-price', '0.3']);
    expect(BigInt(q.refund!) > 0n).toBe(true);
    expect(new Decimal(q.price!).lte('0.3')).toBe(true);
    expect(new Decimal(q.price!).gt('0.2999999')).toBe(true);
    expect(BigInt(q.tao_reserve!) - 1_000_000_000n + BigInt(q.fee!) + BigInt(q.refund!)).toBe(1_000_000_000n);
  });

  it('a refused swap prints the subtensor error name', () => {
    expect(quote(['--stake', '1', '--limit-price', '0.2'])).toEqual({ refused: 'PriceLimitExceeded' });
  });

  it('non-default weight and fee rate', () => {
    const a = quote(['--stake', '1', '--fee-rate', '0']);
    expect(a.fee).toBe('0');
    const b = quote(['--stake', '1', '--quote-weight', '0.3']);
    expect(BigInt(b.amount_out!) > 0n).toBe(true);
  });

  it.each([
    [['--stake', '1.5x'], '--stake'],
    [['--stake', '0.0000000001'], '--stake'],
    [['--stake', '0'], '--stake'],
    [['--unstake', '-1'], '--unstake'],
    [[], '--stake/--unstake'],
    [['--stake', '1', '--unstake', '1'], '--stake/--unstake'],
    [['--stake', '1', '--quote-weight', '0.995'], '--quote-weight'],
    [['--stake', '1', '--fee-rate', '70000'], '--fee-rate'],
    [['--stake', '1', '--limit-price', 'cheap'], '--limit-price'],
  ])('exit 2 naming the flag: %j', (args, flag) => {
    const r = runCli(['quote', ...POOL, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exit 2 on a bad reserve', () => {
    const r = runCli(['quote', '--tao-reserve', '1e3', '--alpha-reserve', '4', '--stake', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tao-reserve');
  });
});
