/**
 * Differential test: taosim's coinbase terms vs a Python composition of the fixed-point helpers of
 * shared/reference/coinbase/emu.py (block_emission, f32_*, u64f64_*), written from
 * shared/spec/economics.md §3–§4, §6.1 (emu.py itself has no share/terms functions). The Hill gate
 * is exact rational arithmetic on both sides. Generated cases go to Python in one batch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAIN_FLOW, CHAIN_GATE, type ShareRule, type SubnetCoinbaseInput, blockEmissionForIssuance, coinbaseTerms, updateMovingPrice } from '../../src/chain/coinbase/index.js';
import { alphaRao, taoRao } from '../../src/core/units.js';
import { python, requireShared } from '../helpers/shared.js';

const run = requireShared('coinbase differential test');

const PY = String.raw`
import json, sys
from emu import *
def sat128(x): return max(0, min(x, (1 << 128) - 1))
def shares_price(mp):
    ps = [p << 32 for p in mp]               # I96F32 -> U64F64 exactly
    tot = sat128(sum(ps))
    return [u64f64_div(p, tot) for p in ps]
def shares_burn(s, burned):
    one = ONE64
    w = [u64f64_mul(x, one - min(b << 32, one)) for x, b in zip(s, burned)]
    tot = sat128(sum(w))
    return [u64f64_div(x, tot) for x in w] if tot > 0 else s
def gate(b, bar, h):
    if bar <= 0: return b
    g = [x ** (h + 1) // (x ** h + bar ** h) if x > 0 else 0 for x in b]
    tot = sat128(sum(g))
    return [u64f64_div(x, tot) for x in g] if tot > 0 else b
def case(c):
    subs = sorted(c['subnets'], key=lambda s: s['netuid'])
    el = [s for s in subs if s['netuid'] != 0 and s['first'] is not None and s['subtoken'] and s['reg']]
    mp = [int(s['mp']) for s in el]
    sh = shares_price(mp)
    if c['rule'] in ('price-burn', 'price-burn-gate'): sh = shares_burn(sh, [int(s['burn']) for s in el])
    if c['rule'] == 'price-burn-gate': sh = gate(sh, int(c['bar']), 3)
    en = [s['enabled'] for s in el]
    if not all(en):
        tot = sat128(sum(x for x, e in zip(sh, en) if e))
        sh = [u64f64_div(x, tot) if e and tot > 0 else 0 for x, e in zip(sh, en)]
    sell = sat128(sum(p << 32 for p in mp)) > ONE64
    E = int(c['E']); T0 = int(c['T0'])
    tw = f32_div(f32_int(int(c['tw'])), f32_int(U64MAX))
    cut = f32_div(f32_int(c['cut']), f32_int(U16MAX))
    half = f32_from_float(0.5)
    def rho(A):
        w = f32_mul(f32_int(T0), tw)
        return f32_div(w, w + f32_int(A))
    out = {}
    for s, share in zip(el, sh):
        A = int(s['x']) + int(s['o'])
        e = u64f64_mul(u64f64_int(E), share) >> 32
        aem = f32_int(block_emission(A))
        price = int(s['spot']) >> 32
        ain = f32_div(e, price)
        cap = f32_mul(rho(A), aem)
        tin = e
        if ain > cap:
            ain = cap; tin = f32_mul(ain, price)
        exc = max(e - tin, 0)
        rest = aem; oc = 0
        if s['ocut']:
            oc = f32_mul(rest, cut); rest = rest - oc
        rp = rho(A + f32_to_u64(ain) + f32_to_u64(aem))
        root = f32_mul(f32_mul(rp, rest), half)
        server = f32_mul(rest, half)
        val = max(rest - server - root, 0)
        out[str(s['netuid'])] = [str(v) for v in [share, f32_to_u64(e), f32_to_u64(tin), f32_to_u64(ain), f32_to_u64(exc), f32_to_u64(aem),
            f32_to_u64(oc), f32_to_u64(server), f32_to_u64(val), f32_to_u64(root) if sell else 0, 0 if sell else f32_to_u64(root)]]
    return out
def ema(c):
    b = u64f64_int(max(int(c['block']) - max(int(c['first']) - 1, 0), 0))
    a = u64f64_mul(u64f64_from_f32(int(c['alpha'])), u64f64_div(b, b + u64f64_int(int(c['H']))))
    cur = u64f64_mul(a, min(int(c['spot']), ONE64))
    mov = u64f64_mul(ONE64 - a, u64f64_from_f32(int(c['mp'])))
    return str(f32_from_u64f64(cur + mov))
inp = json.load(sys.stdin)
print(json.dumps({'blocks': [case(c) for c in inp['blocks']], 'emission': [str(block_emission(int(i))) for i in inp['issuance']], 'ema': [ema(c) for c in inp['ema']]}))
`;

const ONE64 = 1n << 64n;
const ONE32 = 1n << 32n;
const subnet = (netuid: number) =>
  fc.record({
    netuid: fc.constant(netuid),
    x: fc.bigInt(0n, 10n ** 16n),
    o: fc.bigInt(0n, 10n ** 16n),
    spot: fc.oneof(fc.constant(0n), fc.bigInt(1n, 3n * ONE64)),
    mp: fc.bigInt(0n, ONE32),
    burn: fc.oneof(fc.constant(0n), fc.bigInt(0n, ONE32)),
    first: fc.option(fc.bigInt(1n, 1000n), { freq: 8 }),
    subtoken: fc.constantFrom(true, true, true, false),
    reg: fc.constantFrom(true, true, true, false),
    enabled: fc.constantFrom(true, true, false),
    ocut: fc.boolean(),
  });
const block = fc.integer({ min: 1, max: 64 }).chain((n) =>
  fc.record({
    E: fc.oneof(fc.constant(500_000_000n), fc.bigInt(0n, 1_000_000_000n)),
    T0: fc.bigInt(0n, 10n ** 16n),
    tw: fc.bigInt(0n, (1n << 64n) - 1n),
    cut: fc.integer({ min: 0, max: 65_535 }),
    rule: fc.constantFrom<ShareRule>('price-ema', 'price-burn', 'price-burn-gate'),
    bar: fc.oneof(fc.constant(0n), fc.bigInt(1n, ONE64 / 8n)),
    subnets: fc.tuple(...Array.from({ length: n }, (_, i) => subnet(i + 1))),
  }),
);
const emaCase = fc.record({ block: fc.bigInt(0n, 10n ** 9n), first: fc.bigInt(0n, 10n ** 9n), alpha: fc.bigInt(0n, ONE32), H: fc.bigInt(0n, 10n ** 6n), spot: fc.bigInt(0n, 4n * ONE64), mp: fc.bigInt(0n, ONE32) });

const str = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));

describe.runIf(run)('coinbase vs emu.py', () => {
  it('matches to the rao on 150 generated blocks, 400 issuances and 400 EMA updates', () => {
    const blocks = fc.sample(block, { numRuns: 150, seed: 20_260_807 });
    const issuance = fc.sample(fc.oneof(fc.bigInt(0n, 21n * 10n ** 15n), fc.bigInt(0n, 10n ** 17n)), { numRuns: 400, seed: 7 });
    const ema = fc.sample(emaCase, { numRuns: 400, seed: 11 });
    const py = python('reference/coinbase', PY, str({ blocks, issuance, ema })) as { blocks: Record<string, string[]>[]; emission: string[]; ema: string[] };

    let compared = 0;
    let capped = 0;
    blocks.forEach((b, k) => {
      const subnets: SubnetCoinbaseInput[] = b.subnets.map((s) => ({
        netuid: s.netuid, alphaIn: alphaRao(s.x), alphaOut: alphaRao(s.o), spotPrice: s.spot, movingPrice: s.mp, minerBurned: s.burn,
        firstEmissionBlock: s.first, subtokenEnabled: s.subtoken, registrationAllowed: s.reg, emissionEnabled: s.enabled, ownerCutEnabled: s.ocut,
      }));
      const t = coinbaseTerms({
        block: 1n, blockEmission: taoRao(b.E), rootTao: taoRao(b.T0), taoWeightRaw: b.tw, ownerCutU16: b.cut, rule: b.rule,
        gate: { ...CHAIN_GATE, bar: b.bar, updateInterval: 0n }, flow: CHAIN_FLOW, subnets,
      });
      const ours: Record<string, string[]> = {};
      for (const s of t.subnets.filter((x) => x.eligible)) {
        ours[String(s.netuid)] = [s.share, s.taoEmission, s.taoIn, s.alphaIn, s.excessTao, s.alphaOut, s.ownerCut, s.pendingServer, s.pendingValidator, s.pendingRoot, s.recycledRootAlpha].map(String);
      }
      expect(ours, `block case ${k}`).toEqual(py.blocks[k]);
      compared += Object.keys(ours).length;
      capped += Object.values(ours).filter((r) => r[4] !== '0' && r[2] !== '0').length;
    });
    // the batch exercises both regimes (injection with and without chain buys)
    expect(compared).toBeGreaterThan(1000);
    expect(capped).toBeGreaterThan(50);
    issuance.forEach((i, k) => expect(String(blockEmissionForIssuance(i)), `issuance ${i}`).toBe(py.emission[k]));
    ema.forEach((c, k) => {
      const ours = updateMovingPrice({ movingPrice: c.mp, spotPrice: c.spot, block: c.block, firstEmissionBlock: c.first, movingAlpha: c.alpha, halvingBlocks: c.H });
      expect(String(ours), `ema case ${k}`).toBe(py.ema[k]);
    });
  });
});
