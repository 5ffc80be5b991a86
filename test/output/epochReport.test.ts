/**
 * The `taosim epoch` writers: the default JSON byte for byte what JSON.stringify(·, null, 1) gave
 * when the whole result was built first; --fields keeping exactly the chosen keys; and each step
 * written as it is computed, before the next one is, waiting for a slow sink.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEpochJson } from '../../src/scenario/epochInput.js';
import { replay } from '../../src/sim/epochReplay.js';
import {
  EPOCH_CSV_FIELDS,
  EPOCH_CSV_HEADER,
  EPOCH_JSON_FIELDS,
  type StepRecord,
  type VectorSteps,
  stepJson,
  writeEpochCsv,
  writeEpochJson,
} from '../../src/output/epochReport.js';

const fixture = parseEpochJson(JSON.parse(readFileSync(new URL('../fixtures/yuma-vectors.json', import.meta.url), 'utf8')));
const vectors = (names?: (n: string) => string): VectorSteps[] =>
  fixture.vectors.map((v) => ({ name: names ? names(v.name) : v.name, steps: { [Symbol.iterator]: () => replay(v.inputs) } }));
const collect = async (f: (sink: (c: string) => void) => Promise<void>): Promise<string> => {
  let out = '';
  await f((c) => {
    out += c;
  });
  return out;
};

describe('writeEpochJson', () => {
  it('writes the fields in the order the vectors name them', () => {
    expect(EPOCH_JSON_FIELDS).toEqual([
      'label', 'stake', 'active_stake', 'active', 'new_validator_permits', 'weights_normalized', 'consensus', 'validator_trust',
      'incentive', 'dividends', 'ema_bonds', 'bonds_stored_u16', 'server_emission', 'validator_emission', 'combined_emission',
      'consensus_u16', 'incentive_u16', 'dividends_u16', 'validator_trust_u16', 'stake_weight_u16',
    ]);
    expect(EPOCH_CSV_FIELDS).toEqual(EPOCH_CSV_HEADER.filter((c) => !['vector', 'step', 'uid'].includes(c)));
  });

  it('streams exactly the bytes of the whole result stringified at once, for an array and for one vector', async () => {
    // names JSON must escape, so the writer's own framing is exercised too
    const whole = (vs: VectorSteps[]) => vs.map((v) => ({ name: v.name, steps: [...v.steps].map(stepJson) }));
    const odd = (n: string) => `${n} "quoted" \\ ü\n`;
    const all = await collect((sink) => writeEpochJson(vectors(odd), true, EPOCH_JSON_FIELDS, sink));
    expect(all).toBe(JSON.stringify(whole(vectors(odd)), null, 1) + '\n');
    const one = await collect((sink) => writeEpochJson(vectors().slice(0, 1), false, EPOCH_JSON_FIELDS, sink));
    expect(one).toBe(JSON.stringify(whole(vectors().slice(0, 1))[0], null, 1) + '\n');
    const empty = await collect((sink) => writeEpochJson([{ name: 'none', steps: [] }], false, EPOCH_JSON_FIELDS, sink));
    expect(empty).toBe(JSON.stringify({ name: 'none', steps: [] }, null, 1) + '\n');
  });

  it('keeps exactly the chosen fields, in output order, with the values of the full output', async () => {
    const chosen = ['dividends', 'label', 'ema_bonds'] as const;
    const out = JSON.parse(await collect((sink) => writeEpochJson(vectors(), true, chosen, sink))) as { steps: Record<string, unknown>[] }[];
    const full = JSON.parse(await collect((sink) => writeEpochJson(vectors(), true, EPOCH_JSON_FIELDS, sink))) as { steps: Record<string, unknown>[] }[];
    expect(out).toHaveLength(fixture.vectors.length);
    out.forEach((v, i) =>
      v.steps.forEach((s, k) => {
        expect(Object.keys(s)).toEqual(['label', 'dividends', 'ema_bonds']);
        for (const f of chosen) expect(s[f]).toEqual(full[i]!.steps[k]![f]);
      }),
    );
  });
});

describe('the epoch writers stream', () => {
  /** One vector whose steps log when they are computed, in a log the sink writes to as well. */
  function logged(log: string[]): VectorSteps {
    const v = fixture.vectors.find((x) => x.inputs.steps.length >= 5)!;
    return {
      name: v.name,
      steps: {
        *[Symbol.iterator]() {
          let k = 0;
          for (const s of replay(v.inputs)) {
            log.push(`computed ${k++}`);
            yield s as StepRecord;
          }
        },
      },
    };
  }
  const written = (log: string[], chunk: string): void => {
    const labels = [...chunk.matchAll(/"label": "([^"]*)"|^[^,\n]+,(\d+),/gm)];
    log.push(labels.length > 0 ? 'wrote step' : 'wrote frame');
  };

  it('JSON: each step is written before the next is computed', async () => {
    const log: string[] = [];
    const v = logged(log);
    await writeEpochJson([v], false, ['label'], (c) => written(log, c));
    const steps = log.filter((x) => x.startsWith('computed')).length;
    expect(steps).toBeGreaterThanOrEqual(5);
    const pattern = log.filter((x) => x !== 'wrote frame');
    expect(pattern).toEqual(Array.from({ length: steps }, (_, k) => [`computed ${k}`, 'wrote step']).flat());
  });

  it('CSV: each step is written before the next is computed', async () => {
    const log: string[] = [];
    await writeEpochCsv([logged(log)], ['incentive'], (c) => written(log, c));
    const steps = log.filter((x) => x.startsWith('computed')).length;
    expect(log[0]).toBe('wrote frame'); // the header
    expect(log.slice(1)).toEqual(Array.from({ length: steps }, (_, k) => [`computed ${k}`, 'wrote step']).flat());
  });

  it('waits for a sink that is not ready before computing the next step', async () => {
    const log: string[] = [];
    const held: (() => void)[] = [];
    const slow = (c: string): Promise<void> => {
      written(log, c);
      return new Promise((resolve) => held.push(resolve));
    };
    let finished = false;
    const done = writeEpochJson([logged(log)], false, ['label'], slow).then(() => {
      finished = true;
    });
    const tick = () => new Promise((r) => setImmediate(r));
    let releases = 0;
    while (!finished) {
      await tick();
      const before = [...log];
      await tick();
      await tick();
      expect(log).toEqual(before); // nothing is computed while the sink holds a chunk
      expect(log[log.length - 1]?.startsWith('wrote')).toBe(true);
      held.shift()?.();
      releases++;
    }
    await done;
    expect(releases).toBeGreaterThan(5);
    expect(log.filter((x) => x === 'wrote step')).toHaveLength(log.filter((x) => x.startsWith('computed')).length);
  });
});
