/**
 * The reporters' meters: sums the engine keeps for subnets.csv and neurons.csv between two
 * reports. Not chain storage; nothing in the model reads them.
 */

/** Per-subnet sums since the last report. */
export interface SubnetFlows {
  taoEmission: bigint;
  taoIn: bigint;
  alphaIn: bigint;
  excessTao: bigint;
  alphaOutMinted: bigint;
  ownerCut: bigint;
  minerAlphaPaid: bigint;
  validatorAlphaPaid: bigint;
  rootAlphaPaid: bigint;
  epochs: number;
  /** Last share of block emission, U64F64 raw. */
  share: bigint;
}

/** The subnet's last epoch, per uid. */
export interface LastEpoch {
  block: number;
  incentiveU16: number[];
  dividendsU16: number[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
}

export interface SubnetMeters {
  flows: SubnetFlows;
  last: LastEpoch | undefined;
}

export const ZERO_FLOWS = (): SubnetFlows => ({
  taoEmission: 0n, taoIn: 0n, alphaIn: 0n, excessTao: 0n, alphaOutMinted: 0n, ownerCut: 0n,
  minerAlphaPaid: 0n, validatorAlphaPaid: 0n, rootAlphaPaid: 0n, epochs: 0, share: 0n,
});
