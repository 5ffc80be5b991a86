/**
 * taosim's public API (the package's `taosim` entry point). Everything else is internal.
 * @packageDocumentation
 */
export { loadScenario, Simulation } from './simulation.js';
export type { ActionResult, InvariantResult, LoadOptions, ScenarioDocument, StepOptions, StepRecord, SubnetView, WorldView } from './simulation.js';
export { ResultWriter } from './output.js';
export type { ResultWriterOptions } from './output.js';
export { InputError, InvariantViolation } from '../core/errors.js';
export { isChainError, SUBTENSOR_ERRORS, SWAP_ERRORS } from '../chain/errors.js';
export type { ChainError } from '../chain/errors.js';
export type { Action, PriceLimit } from '../agents/actions.js';
export type { Adopt, DecideContext, HomeAtStart, Strategy } from '../agents/strategy.js';
export type { AgentClass } from '../agents/classes.js';
export type { AgentView, NetworkView, Observation, SubnetView as ObservedSubnet } from '../agents/observation.js';
export type { Distribution, ParamSpec, Params } from '../agents/params.js';
export type { BuiltinSubnet, Role } from '../agents/population.js';
export type { SimEvent, SimRefusal } from '../sim/events.js';
export type { InlineInitial, NetworkParamKey, Population, ResolvedEvent, ResolvedNetwork, ResolvedRun, ResolvedScenario, SnapshotInitial, SubnetParamKey, SubnetParams } from '../scenario/types.js';
export type { ShareRule } from '../chain/state.js';
export type { EpochRecord } from '../sim/run.js';
export { alphaRao, formatUnits, parseUnits, RAO_PER_TAO, taoRao } from '../core/units.js';
export type { AlphaRao, TaoRao } from '../core/units.js';
export { VERSION } from '../version.js';
