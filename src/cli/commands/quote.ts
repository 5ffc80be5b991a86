/**
 * `taosim quote`: what a stake or unstake would return against a given pool, and the pool after
 * it, computed with the chain's exact swap (chain/swap `stakeIntoSubnet` / `unstakeFromSubnet`,
 * so an unstake includes the block author's fee swap).
 */
import { Decimal } from 'decimal.js';
import type { CommandModule } from 'yargs';
import {
  PERQUINTILL,
  SWAP_MAX_FEE_RATE,
  createPool,
  currentPrice,
  formatPrice,
  stakeIntoSubnet,
  unstakeFromSubnet,
} from '../../chain/swap/index.js';
import { InputError } from '../../core/errors.js';
import { U64_MAX, alphaRao, parseUnits, taoRao } from '../../core/units.js';

interface Args {
  'tao-reserve': string;
  'alpha-reserve': string;
  stake?: string;
  unstake?: string;
  'quote-weight': string;
  'fee-rate': string;
  'limit-price'?: string;
}

/** A decimal string of whole units → rao, as a u64; InputError naming the flag otherwise. */
function amountFlag(flag: string, text: string | undefined, allowZero: boolean): bigint {
  let rao: bigint;
  try {
    rao = parseUnits(String(text));
  } catch (e) {
    throw new InputError(flag, (e as Error).message);
  }
  if (rao < 0n || rao > U64_MAX || (!allowZero && rao === 0n))
    throw new InputError(flag, `must be ${allowZero ? '' : 'positive and '}at most ${U64_MAX} rao, got "${text}"`);
  return rao;
}

function quoteWeightFlag(text: string): bigint {
  if (!/^\d+(\.\d{1,18})?$/.test(text)) throw new InputError('--quote-weight', `must be a decimal with at most 18 decimals, got "${text}"`);
  const parts = BigInt(new Decimal(text).mul(PERQUINTILL.toString()).toFixed(0));
  if (parts < PERQUINTILL / 100n || parts > PERQUINTILL - PERQUINTILL / 100n)
    throw new InputError('--quote-weight', `must be within [0.01, 0.99] (the chain's MIN_WEIGHT), got "${text}"`);
  return parts;
}

function feeRateFlag(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > SWAP_MAX_FEE_RATE)
    throw new InputError('--fee-rate', `must be an integer 0..${SWAP_MAX_FEE_RATE} (out of 65535; SwapMaxFeeRate), got "${text}"`);
  return Number(text);
}

export const quoteCommand: CommandModule<object, Args> = {
  command: 'quote',
  describe: 'Quote a stake (TAO → alpha) or unstake (alpha → TAO) against a pool, with the chain\'s exact rounding and fee',
  builder: (y) =>
    y
      .option('tao-reserve', { type: 'string', demandOption: true, describe: 'SubnetTAO: the pool\'s TAO reserve, in TAO (decimal, up to 9 decimals)' })
      .option('alpha-reserve', { type: 'string', demandOption: true, describe: 'SubnetAlphaIn: the pool\'s alpha reserve, in alpha (decimal, up to 9 decimals)' })
      .option('stake', { type: 'string', describe: 'TAO to stake (decimal TAO); the fee is taken from it' })
      .option('unstake', { type: 'string', describe: 'alpha to unstake (decimal alpha); the fee is taken from it' })
      .option('quote-weight', { type: 'string', default: '0.5', describe: 'Balancer TAO weight w (0.01..0.99); 0.5 is constant product' })
      .option('fee-rate', { type: 'string', default: '33', describe: 'FeeRate, integer out of 65535 (0..10000)' })
      .option('limit-price', {
        type: 'string',
        describe: 'limit price in TAO per alpha (decimal, up to 9 decimals): a stake stops when the price would rise above it, an unstake when it would fall below it. Default: the chain\'s 1e6 (stake) / 1e-6 (unstake)',
      })
      .example('taosim quote --tao-reserve 1 --alpha-reserve 4 --stake 0.000123456', 'stake 123456 rao into a 1 TAO / 4 alpha pool')
      .epilog(
        'Prints JSON: {amount_out, fee, refund, tao_reserve, alpha_reserve, price}. Amounts are integer rao strings ' +
          '(amount_out in the output token, fee and refund in the input token; refund is input left unused at the limit price); ' +
          'reserves are the pool after the swap; price is its spot price in TAO per alpha (decimal string). ' +
          'A swap the chain refuses prints {"refused": "<subtensor error>"} (exit 0).',
      ),
  handler: (args) => {
    if ((args.stake === undefined) === (args.unstake === undefined)) throw new InputError('--stake/--unstake', 'give exactly one of --stake TAO or --unstake ALPHA');
    const pool = createPool({
      taoReserve: amountFlag('--tao-reserve', args['tao-reserve'], true),
      alphaReserve: amountFlag('--alpha-reserve', args['alpha-reserve'], true),
      quoteWeight: quoteWeightFlag(args['quote-weight']),
      feeRate: feeRateFlag(args['fee-rate']),
    });
    const limitPrice = args['limit-price'] === undefined ? undefined : amountFlag('--limit-price', args['limit-price'], true);
    const result =
      args.stake !== undefined
        ? stakeIntoSubnet(pool, taoRao(amountFlag('--stake', args.stake, false)), { limitPrice })
        : unstakeFromSubnet(pool, alphaRao(amountFlag('--unstake', args.unstake, false)), { limitPrice });
    let out: Record<string, string>;
    if (!result.ok) out = { refused: result.error };
    else {
      const [amountOut, refund] = 'alphaStaked' in result ? [result.alphaStaked, result.strandedTao] : [result.taoOut, result.refund];
      out = {
        amount_out: String(amountOut),
        fee: String(result.fee),
        refund: String(refund),
        tao_reserve: String(result.pool.taoReserve),
        alpha_reserve: String(result.pool.alphaReserve),
        price: formatPrice(currentPrice(result.pool)),
      };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  },
};
