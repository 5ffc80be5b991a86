/**
 * The TAO and alpha brands cannot be mixed: each `@ts-expect-error` below must stay an error, or
 * the type check (`npm run typecheck`, part of CI) fails on the unused directive.
 */
import { describe, expect, it } from 'vitest';
import { type AlphaRao, type TaoRao, alphaRao, taoRao } from '../../src/core/units.js';
import { addStake } from '../../src/chain/staking/addStake.js';
import { removeStake } from '../../src/chain/staking/removeStake.js';

const takesTao = (x: TaoRao): bigint => x;
const takesAlpha = (x: AlphaRao): bigint => x;

describe('branded units', () => {
  it('TAO and alpha are distinct types over the same bigint', () => {
    const tao = taoRao(5n);
    const alpha = alphaRao(5n);
    // @ts-expect-error alpha is not TAO
    takesTao(alpha);
    // @ts-expect-error TAO is not alpha
    takesAlpha(tao);
    // @ts-expect-error a bare bigint is neither
    takesTao(5n);
    // @ts-expect-error staking takes TAO, not alpha
    void (() => addStake(undefined as never, 'c', 'h', 1, alpha));
    // @ts-expect-error unstaking takes alpha, not TAO
    void (() => removeStake(undefined as never, 'c', 'h', 1, tao));
    expect(takesTao(tao)).toBe(takesAlpha(alpha));
  });
});
