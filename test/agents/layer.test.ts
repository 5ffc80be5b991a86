/**
 * The agent layer's guarantees: strategies cannot change the world, sign only for themselves,
 * draw from their own streams; the same seed gives the same bytes; bad populations are refused.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StrategyRegistry } from '../../src/agents/registry.js';
import type { Strategy } from '../../src/agents/strategy.js';
import { runCli } from '../helpers/cli.js';
import { agentWorld, runAll, withPopulations } from './helpers.js';

const FIXTURE = 'test/fixtures/agents/mix.yaml';

function registryWith(s: Strategy): StrategyRegistry {
  return StrategyRegistry.builtin().register(s);
}

const probe = (decide: Strategy['decide']): Strategy => ({ name: 'probe', class: 'staker', doc: 'test', params: {}, budgetTao: () => 10, init: () => ({}), decide });

describe('strategies cannot touch the world', () => {
  const cases: [string, Strategy['decide']][] = [
    ['a field of a subnet view', (obs) => ((obs.subnets[0] as { price: number }).price = 1, [])],
    ['the subnet list', (obs) => ((obs.subnets as unknown[]).push({}), [])],
    ['the network view', (obs) => ((obs.network as { taoUsd: number }).taoUsd = 0, [])],
    ['its own view', (_obs, me) => ((me as { freeTao: bigint }).freeTao = 10n ** 18n, [])],
    ['its own positions', (_obs, me) => ((me.positions as unknown[]).length = 0, [])],
    ['a price history', (obs) => ((obs.subnets[0]!.history(3) as number[]).push(1), [])],
  ];
  it.each(cases)('writing to %s throws', (_what, decide) => {
    const reg = registryWith(probe(decide));
    const { sc, w } = agentWorld(withPopulations([{ class: 'staker', strategy: 'probe', count: 1 }], { epochs: 3 }), reg);
    expect(() => runAll(sc, w)).toThrow(TypeError);
  });
});

describe('origin', () => {
  it("an action signed with another account's coldkey is refused BadOrigin and changes nothing", () => {
    const reg = registryWith(probe((obs) => [{ kind: 'remove_stake', coldkey: obs.subnets[0]!.ownerColdkey, hotkey: obs.subnets[0]!.ownerHotkey, netuid: 1, amount: 1n as never }]));
    const { sc, w } = agentWorld(withPopulations([{ class: 'staker', strategy: 'probe', count: 1 }], { epochs: 2 }), reg);
    const ref = agentWorld(withPopulations([], { epochs: 2 }));
    const rs = runAll(sc, w);
    runAll(ref.sc, ref.w);
    const ev = rs.flatMap((r) => r.events).filter((e) => e.result === 'BadOrigin');
    expect(ev.length).toBe(2);
    expect(ev[0]!.detail).toContain('not the agent');
    // the owner's stake moved as in the run without the probe (only its budget differs)
    const owner = (x: typeof w) => x.ledger.stake(x.subnets[0]!.ownerHotkey, x.subnets[0]!.ownerColdkey, 1);
    expect(owner(w)).toBe(owner(ref.w));
  });

  it('an agent cannot bring TAO from outside or call sudo', () => {
    const reg = registryWith(
      probe((obs, me) => [
        { kind: 'add_stake', coldkey: me.coldkey, hotkey: obs.subnets[0]!.topValidator, netuid: 1, amount: 5n * 10n ** 9n as never, fromOutside: true },
        { kind: 'set_share_rule', share_rule: { rule: 'price-ema' } },
      ]),
    );
    const { sc, w } = agentWorld(withPopulations([{ class: 'staker', strategy: 'probe', count: 1 }], { epochs: 1 }), reg);
    const ev = runAll(sc, w).flatMap((r) => r.events);
    expect(ev.map((e) => e.result)).toEqual(['BadOrigin', 'BadOrigin']);
    expect(w.ledger.freeBalance(w.agents[0]!.coldkey)).toBe(10n * 10n ** 9n);
  });
});

describe('streams', () => {
  it("adding a population does not change another agent's draws or decisions", () => {
    const noise = { name: 'noise', class: 'staker', strategy: 'noise_trader', count: 3, subnets: [1], params: { budget_tao: { kind: 'lognormal', median: 100, sigma: 1 }, trade_probability: 0.5 } };
    const extra = { name: 'extra', class: 'staker', strategy: 'noise_trader', count: 5, subnets: [2], params: { budget_tao: { kind: 'uniform', low: 1, high: 50 } } };
    const a = agentWorld(withPopulations([noise], { epochs: 6 }));
    const b = agentWorld(withPopulations([extra, noise], { epochs: 6 }));
    const pa = a.w.agents.map((x) => [x.id, x.params.budget_tao]);
    const pb = b.w.agents.filter((x) => x.population === 'noise').map((x) => [x.id, x.params.budget_tao]);
    expect(pb).toEqual(pa);
    expect(new Set(pa.map((x) => x[1])).size).toBe(3);
    // the decisions (which epochs each agent trades, and which side) are its own stream's
    const sides = (r: ReturnType<typeof runAll>, w: typeof a.w) =>
      r.flatMap((x) => x.events.filter((e) => w.agents.some((g) => g.population === 'noise' && g.coldkey === e.coldkey)).map((e) => `${x.epoch}/${e.coldkey}/${e.kind}`)).sort();
    expect(sides(runAll(b.sc, b.w), b.w)).toEqual(sides(runAll(a.sc, a.w), a.w));
  });
});

describe('runs with agents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taosim-agents-'));
  const tables = (out: string) => Object.fromEntries(readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => [f, readFileSync(join(out, f), 'utf8')]));

  it('the same seed gives the same bytes; another seed differs; --check holds throughout', () => {
    const r1 = runCli(['run', FIXTURE, '--out', join(dir, 'a'), '--check']);
    const r2 = runCli(['run', FIXTURE, '--out', join(dir, 'b')]);
    const r3 = runCli(['run', FIXTURE, '--out', join(dir, 'c'), '--seed', '4']);
    for (const r of [r1, r2, r3]) expect(r.code, r.stderr).toBe(0);
    const [a, b, c] = ['a', 'b', 'c'].map((x) => tables(join(dir, x)));
    expect(Object.keys(a!).sort()).toEqual(['agents.csv', 'events.csv', 'network.csv', 'neurons.csv', 'strategies.csv', 'subnets.csv']);
    expect(b).toEqual(a);
    expect(c!['subnets.csv']).not.toEqual(a!['subnets.csv']);
    expect(c!['agents.csv']).not.toEqual(a!['agents.csv']);
    const meta = JSON.parse(readFileSync(join(dir, 'a', 'meta.json'), 'utf8')) as { rows: Record<string, number> };
    expect(meta.rows['agents.csv']).toBe(40 * 50);
    expect(meta.rows['strategies.csv']).toBe(40 * 8);
  });

  it('--agents sample:N keeps a fixed sample; off writes no agents.csv; strategies.csv is the same', () => {
    const s = runCli(['run', FIXTURE, '--out', join(dir, 's'), '--agents', 'sample:5', '--neurons', 'off']);
    const s2 = runCli(['run', FIXTURE, '--out', join(dir, 's2'), '--agents', 'sample:5', '--neurons', 'off']);
    const o = runCli(['run', FIXTURE, '--out', join(dir, 'o'), '--agents', 'off', '--neurons', 'off']);
    for (const r of [s, s2, o]) expect(r.code, r.stderr).toBe(0);
    const ids = new Set(readFileSync(join(dir, 's', 'agents.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]));
    expect(ids.size).toBe(5);
    expect(readFileSync(join(dir, 's2', 'agents.csv'), 'utf8')).toBe(readFileSync(join(dir, 's', 'agents.csv'), 'utf8'));
    expect(readdirSync(join(dir, 'o'))).not.toContain('agents.csv');
    expect(readFileSync(join(dir, 'o', 'strategies.csv'), 'utf8')).toBe(readFileSync(join(dir, 's', 'strategies.csv'), 'utf8'));
    const bad = runCli(['run', FIXTURE, '--out', join(dir, 'x'), '--agents', 'sample:0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--agents: expected all, off or sample:N');
  });

  it('wealth is free TAO plus stake at spot, and the agents start with their budgets', () => {
    const rows = readFileSync(join(dir, 'a', 'agents.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const r of rows) expect(Number(r[6])).toBeCloseTo(Number(r[4]) + Number(r[5]), 6);
    const first = rows.filter((r) => r[0] === '0' && r[3] === 'holder');
    expect(first.length).toBe(4);
    for (const r of first) expect(Number(r[6])).toBeGreaterThan(990);
  });

  it('budgets larger than the outside TAO are refused at validate and run, naming the file and key', () => {
    for (const cmd of ['validate', 'run']) {
      const r = runCli([cmd, 'test/fixtures/agents/budget-too-large.yaml', ...(cmd === 'run' ? ['--out', join(dir, 'never')] : [])]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('budget-too-large.yaml: populations[0].params.budget_tao: the agents\' budgets come to 120000000000000 rao');
    }
    expect(readdirSync(dir)).not.toContain('never');
  });
});

describe('documentation', () => {
  it('scenarios/README.md documents every built-in strategy and each of its parameters with its default', () => {
    const doc = readFileSync('scenarios/README.md', 'utf8');
    for (const s of StrategyRegistry.builtin().all()) {
      const at = doc.indexOf(`#### \`${s.class}\` / \`${s.name}\``);
      expect(at, `${s.class}/${s.name}`).toBeGreaterThan(0);
      const section = doc.slice(at, doc.indexOf('\n#', at + 5));
      for (const [k, p] of Object.entries(s.params)) expect(section, `${s.name}.${k}`).toContain(`| \`${k}\` | ${p.default} |`);
    }
  });
});
