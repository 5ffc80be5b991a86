/** A valid scenario resolves with the chain defaults, amounts are exact, and the hash is stable. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { formatUnits, parseUnits } from '../../src/core/units.js';
import {
  INITIAL_DEFAULTS,
  NETWORK_DEFAULTS,
  RUN_DEFAULTS,
  SHARE_RULE_DEFAULTS,
  SUBNET_PARAM_DEFAULTS,
  SUBNET_STATE_DEFAULTS,
} from '../../src/scenario/defaults.js';
import { loadScenario, parseScenarioText } from '../../src/scenario/load.js';
import { canonicalJson } from '../../src/core/canonical.js';
import { resolveScenario, scenarioHash } from '../../src/scenario/resolve.js';
import type { ResolvedScenario } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/schema.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const MINIMAL = join(REPO_ROOT, 'scenarios', 'examples', 'minimal.yaml');

/** Resolve a document given as a JS value (as if parsed from a file). */
function resolveDoc(doc: unknown, seed?: number): ResolvedScenario {
  return resolveScenario(validateScenario(doc, 'test.yaml'), { file: 'test.yaml', seed });
}
const base = () => ({
  name: 't',
  run: { epochs: 4 },
  initial: { subnets: [{ netuid: 1, tao_in: '100', alpha_in: '200' }] },
});
function refusal(doc: unknown): string {
  try {
    resolveDoc(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected the document to be refused');
}

describe('a valid minimal file', () => {
  const s = loadScenario(MINIMAL);

  it('resolves to internal units with every default filled', () => {
    expect(s.name).toBe('minimal');
    expect(s.seed).toBe(0);
    expect(s.run).toEqual({ epochs: 10, days: null, block_time_seconds: 12, block_step: 1, blocks_per_epoch: 360, start_block: 0, total_blocks: 3600 });
    expect(s.network.tao_weight).toBe(971_718_665_099_567_868n);
    expect(s.network.moving_alpha).toBe(12_885n);
    expect(s.network.share_rule).toEqual({ rule: 'price-burn-gate', gate_exponent: 3, gate_rank: 32, gate_period_blocks: 360, gate_threshold: null });
    if (s.initial.kind !== 'inline') throw new Error('inline expected');
    expect(s.initial.root_tao).toBe(1_000_000n * 1_000_000_000n);
    const [sn1, sn2] = s.initial.subnets;
    expect(sn1?.tao_in).toBe(10_000_000_000_000n);
    expect(sn1?.moving_price).toBe(1n << 31n); // 0.5 in I96F32
    expect(sn2?.moving_price).toBe(1n << 30n); // 0.25 given as a plain number
    expect(sn1?.params.kappa).toBe(32_767);
    expect(sn1?.params.fee_rate).toBe(33);
    expect(sn1?.params.burn).toBe(1_000_000_000n);
    expect(sn1?.last_epoch_block).toBe(-1); // start_block − netuid mod tempo
    expect(sn1?.population.validator_stake).toEqual({ kind: 'pareto', total: 4_000_000_000_000n, shape: 1.16 });
    expect(sn2?.population.validators).toBe(0);
    expect(s.events.map((e) => e.kind)).toEqual(['stake', 'set_param']);
    expect(s.events[0]).toMatchObject({ kind: 'stake', netuid: 2, amount: 100_500_000_000n, coldkey: 'scenario', validator: null });
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(s)).toBe(true);
    if (s.initial.kind !== 'inline') throw new Error('inline expected');
    expect(Object.isFrozen(s.initial.subnets[0]?.params)).toBe(true);
  });

  it('has a hash that ignores the seed but not the parameters', () => {
    const h = scenarioHash(s);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(scenarioHash(loadScenario(MINIMAL))).toBe(h);
    expect(scenarioHash(loadScenario(MINIMAL, { seed: 99 }))).toBe(h);
    expect(loadScenario(MINIMAL, { seed: 99 }).seed).toBe(99);
    const changed = { ...base(), network: { tao_weight: '0.18' } };
    expect(scenarioHash(resolveDoc(changed))).not.toBe(scenarioHash(resolveDoc(base())));
  });

  it('gives the same resolved scenario from YAML and from JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-scn-'));
    const doc = { ...base(), events: [{ at_epoch: 1, unstake: { netuid: 1, amount: '0.000000001' } }] };
    writeFileSync(join(dir, 'a.json'), JSON.stringify(doc));
    writeFileSync(join(dir, 'a.yml'), 'name: t\nrun: {epochs: 4}\ninitial:\n  subnets: [{netuid: 1, tao_in: "100", alpha_in: "200"}]\nevents:\n  - {at_epoch: 1, unstake: {netuid: 1, amount: "0.000000001"}}\n');
    expect(canonicalJson(loadScenario(join(dir, 'a.json')))).toBe(canonicalJson(loadScenario(join(dir, 'a.yml'))));
  });

  it('is printed by taosim validate with its hash', () => {
    const r = runCli(['validate', MINIMAL, '--seed', '7']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { scenario_hash: string; resolved: { seed: number; network: { tao_weight: string } } };
    expect(out.scenario_hash).toBe(scenarioHash(s));
    expect(out.resolved.seed).toBe(7);
    expect(out.resolved.network.tao_weight).toBe('971718665099567868');
  });
});

describe('amounts', () => {
  it('round-trip exactly: any rao amount written as a decimal string resolves to the same rao', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (t, a) => {
        const doc = base();
        doc.initial.subnets[0] = { netuid: 1, tao_in: formatUnits(t), alpha_in: formatUnits(a) };
        const s = resolveDoc(doc);
        if (s.initial.kind !== 'inline') return false;
        return s.initial.subnets[0]?.tao_in === t && s.initial.subnets[0]?.alpha_in === a;
      }),
      { numRuns: 200 },
    );
  });

  it('accept the extremes and refuse beyond u64 or below zero', () => {
    expect(parseUnits('0.000000001')).toBe(1n);
    const over = base();
    over.initial.subnets[0] = { netuid: 1, tao_in: '18446744073.709551616', alpha_in: '1' };
    expect(refusal(over)).toContain('initial.subnets[0].tao_in: out of range');
    const neg = base();
    neg.initial.subnets[0] = { netuid: 1, tao_in: '-1', alpha_in: '1' };
    expect(refusal(neg)).toContain('initial.subnets[0].tao_in: negative amount');
    const exp = base();
    exp.initial.subnets[0] = { netuid: 1, tao_in: '1e3', alpha_in: '1' };
    expect(refusal(exp)).toContain('"1e3" is not a decimal number');
  });
});

describe('strictness and cross-field checks', () => {
  it('rejects an unknown key anywhere, naming its path and the allowed keys', () => {
    const doc = { ...base(), initial: { subnets: [{ netuid: 1, tao_in: '1', alpha_in: '1', population: { validatorz: 3 } }] } };
    const msg = refusal(doc);
    expect(msg).toContain('test.yaml: initial.subnets[0].population.validatorz: unknown key (allowed here: validators, miners');
  });

  it('rejects params that do not belong to the share rule', () => {
    const doc = { ...base(), network: { share_rule: { rule: 'taoflow', params: { gate_exponent: 2 } } } };
    expect(refusal(doc)).toContain('network.share_rule.params.gate_exponent: unknown key (allowed here: flow_smoothing, flow_cutoff, flow_exponent)');
  });

  it('lists every problem in one error', () => {
    const doc = { name: 't', run: { epochs: 0 }, initial: { subnets: [{ netuid: 0, tao_in: '1', alpha_in: 1 }] } };
    const msg = refusal(doc);
    expect(msg).toContain('3 problems');
    expect(msg).toContain('run.epochs');
    expect(msg).toContain('initial.subnets[0].netuid');
    expect(msg).toContain('initial.subnets[0].alpha_in');
  });

  it('converts days to whole epochs, rounding up', () => {
    const doc = { ...base(), run: { days: '0.5' } };
    expect(resolveDoc(doc).run.epochs).toBe(10); // 43200 s / (12 s × 360) = 10
    expect(resolveDoc({ ...base(), run: { days: 0.51 } }).run.epochs).toBe(11);
  });

  it('keeps a snapshot path relative to the scenario file and applies overrides over the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taosim-snap-'));
    writeFileSync(join(dir, 'snap.csv'), 'netuid\n1\n');
    writeFileSync(
      join(dir, 's.yaml'),
      'name: s\nrun: {epochs: 2}\nsubnet_defaults: {params: {tempo: 100}}\ninitial:\n  from_snapshot: snap.csv\n  uids_per_subnet: 32\n  overrides:\n    "12": {emission_enabled: false, params: {kappa: 40000}}\nevents:\n  - {at_epoch: 1, stake: {netuid: 12, amount: "1"}}\n',
    );
    const s = loadScenario(join(dir, 's.yaml'));
    if (s.initial.kind !== 'snapshot') throw new Error('snapshot expected');
    expect(s.initial.path).toBe(join(dir, 'snap.csv'));
    expect(s.initial.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.initial.uids_per_subnet).toBe(32);
    expect(s.initial.overrides).toEqual([
      { netuid: 12, state: { emission_enabled: false }, params: { ...s.subnet_defaults.params, kappa: 40_000 }, population: s.subnet_defaults.population },
    ]);
    expect(s.subnet_defaults.params.tempo).toBe(100);
  });

  it('resolves set_param values to internal units and checks them by key', () => {
    const doc = {
      ...base(),
      events: [
        { at_epoch: 2, set_param: { key: 'tao_weight', value: '0.5' } },
        { at_epoch: 1, set_share_rule: { rule: 'taoflow' } },
        { at_epoch: 2, set_param: { netuid: 1, key: 'burn', value: '2' } },
      ],
    };
    const s = resolveDoc(doc);
    expect(s.events.map((e) => [e.at_epoch, e.index])).toEqual([[1, 1], [2, 0], [2, 2]]);
    expect(s.events[1]).toMatchObject({ scope: 'network', key: 'tao_weight', value: ((1n << 64n) - 1n + 1n) / 2n });
    expect(s.events[2]).toMatchObject({ scope: 'subnet', netuid: 1, key: 'burn', value: 2_000_000_000n });
    expect(s.events[0]).toMatchObject({ kind: 'set_share_rule', share_rule: { rule: 'taoflow', flow_exponent: 1 } });
    const bad = { ...base(), events: [{ at_epoch: 0, set_param: { netuid: 1, key: 'fee_rate', value: 20_000 } }] };
    expect(refusal(bad)).toContain('events[0].set_param.value: expected swap fee rate');
  });

  it('refuses a bad --seed and a file of unknown format', () => {
    expect(() => resolveDoc(base(), -1)).toThrow(/--seed/);
    expect(() => parseScenarioText('{}', 'x.toml')).toThrow(/unknown scenario format/);
  });

  it('keeps every default documented: a unit and a source in defaults.ts, a row in scenarios/README.md', () => {
    const readme = readFileSync(join(REPO_ROOT, 'scenarios', 'README.md'), 'utf8');
    const groups = [RUN_DEFAULTS, NETWORK_DEFAULTS, SHARE_RULE_DEFAULTS, SUBNET_PARAM_DEFAULTS, SUBNET_STATE_DEFAULTS, INITIAL_DEFAULTS];
    for (const g of groups) {
      for (const [key, d] of Object.entries(g)) {
        expect(d.source.length, key).toBeGreaterThan(3);
        expect(d.unit.length, key).toBeGreaterThan(0);
        expect(readme, key).toContain(`| \`${key}\` |`);
      }
    }
  });
});
