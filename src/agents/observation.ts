/**
 * What a policy sees: a read-only view of the world at a step boundary, computed once per step
 * and shared by every policy. Views, not copies: the types are readonly all the way down.
 */
import type { BuiltinSubnet } from './population.js';

export interface SubnetView {
  readonly netuid: number;
  readonly ownerHotkey: string;
  readonly ownerColdkey: string;
  /** By uid. */
  readonly hotkeys: readonly string[];
  readonly population: BuiltinSubnet;
}

export interface Observation {
  readonly epoch: number;
  /** The last block applied; the step's actions land in the next one. */
  readonly block: number;
  /** Ascending netuid. */
  readonly subnets: readonly SubnetView[];
}
