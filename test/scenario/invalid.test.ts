/** Every deliberately broken file in scenarios/invalid is refused, naming the file and the key path. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared.js';

const DIR = join(REPO_ROOT, 'scenarios', 'invalid');

/** What each file's error must point at: the key path (or, for a syntax error, the line). */
const EXPECTED: Record<string, string> = {
  'alias-bomb.yaml': 'invalid YAML: Excessive alias count',
  'bad-yaml-syntax.yaml': 'invalid YAML at line 7',
  'custom-tag.yaml': 'invalid YAML at line 3, column 14: Unresolved tag: tag:yaml.org,2002:js/function (tags are not read)',
  'hex-number.yaml': 'seed: expected a seed',
  'not-utf8.yaml': 'not UTF-8 text',
  'undefined-alias.yaml': 'invalid YAML',
  'child-out-of-range.yaml': 'initial.subnets[0].population.children[0].child: the subnet has 3 validators, indices 0..2 (got 7)',
  'duplicate-netuid.yaml': 'initial.subnets[1].netuid: duplicate netuid',
  'epochs-and-days.yaml': 'run: give exactly one of epochs or days',
  'event-after-end.yaml': 'events[0].at_epoch: the run has epochs 0..4',
  'event-missing-netuid.yaml': 'events[0].stake.netuid: no subnet with this netuid',
  'float-amount.yaml': 'initial.subnets[0].tao_in: amounts must be quoted strings',
  'missing-required.yaml': 'run: required key is missing',
  'name-is-a-path.yaml': 'name: expected a scenario name: 1–64 letters, digits',
  'negative-epoch.yaml': 'events[0].at_epoch: expected',
  'ratio-out-of-range.yaml': 'network.tao_weight: expected TaoWeight as a ratio: a number in [0, 1]',
  'set-param-below-uids.yaml': 'events[0].set_param.value: subnet 1 has 17 uids (owner, 2 validators, 14 miners): max_allowed_uids 1 is below it',
  'start-block-too-large.yaml': 'run.start_block: expected a start block: an integer in [0, 1099511627776]',
  'uniform-low-above-high.yaml': 'subnet_defaults.population.miner_quality.low: expected low ≤ high',
  'set-param-wrong-scope.yaml': 'events[0].set_param.key: unknown network parameter ("kappa" is a subnet parameter',
  'snapshot-missing.yaml': 'cannot read initial.from_snapshot "no-such-snapshot.csv"',
  'stake-exceeds-alpha-out.yaml': "initial.subnets[0].population: validator stake + nominator stake = 500 alpha exceeds the subnet's alpha_out 100 alpha",
  'too-many-decimals.yaml': 'initial.subnets[0].alpha_in: "1000.0000000001" has more than 9 decimals',
  'u16-out-of-range.yaml': 'initial.subnets[0].params.kappa: expected kappa (u16): an integer in [0, 65535] (got 70000)',
  'unknown-key.yaml': 'network.tao_wieght: unknown key (allowed here: total_issuance',
  'unknown-share-rule.yaml': 'network.share_rule.rule: expected rule: one of',
  'population-unknown-strategy.yaml': 'populations[0].strategy: no staker strategy named "noise_trade" (expected one of holder, mean_reversion, momentum, noise_trader, speculator, yield_chaser)',
  'population-param-out-of-range.yaml': 'populations[0].params.sell_fraction: expected a value in [0, 1] (got 1.5)',
  'population-missing-subnet.yaml': 'populations[0].subnets[1]: no subnet with this netuid in initial.subnets (got 7; have 1)',
  'population-adopt-count.yaml': "populations[0].count: an owner dumper agent takes over a subnet's owner: expected count: per_subnet (got 5)",
  'population-distribution-range.yaml': "populations[0].params.sell_fraction: the lognormal distribution draws values in [0, Infinity], outside the parameter's range [0, 1]",
  'wrong-type.yaml': 'initial.subnets[0].population.validators: expected number of validators',
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('scenarios/invalid', () => {
  it('has at least 8 files, each with an expectation here and a comment on its first line', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    for (const f of files) expect(readFileSync(join(DIR, f), 'latin1')).toMatch(/^# \S/);
  });

  for (const f of files) {
    it(`${f} is refused with the file and the key path`, () => {
      const path = join(DIR, f);
      let err: unknown;
      try {
        loadScenario(path);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      const msg = (err as InputError).message;
      expect(msg.startsWith(path + ': ')).toBe(true);
      expect(msg).toContain(EXPECTED[f]);
    });
  }

  it('the CLI exits 2 on every file, names the file and the key path, and writes nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'taosim-invalid-'));
    for (const f of files) {
      const r = runCli(['validate', join(DIR, f)], { cwd });
      expect(r.code, f).toBe(2);
      expect(r.stdout, f).toBe('');
      expect(r.stderr, f).toContain(f);
      expect(r.stderr, f).toContain(EXPECTED[f]);
    }
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(DIR).sort()).toEqual(files);
  });
});
