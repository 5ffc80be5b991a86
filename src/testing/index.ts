/**
 * taosim's testing kit (the package's `taosim/testing` entry point): fast-check arbitraries of
 * scenarios, actions and Yuma metagraphs, and model-based commands with the economy's invariants
 * as their check. fast-check is a peer dependency: the caller's own copy is used.
 * `populationArb` draws mixes of the agent layer's strategies for a scenario's `populations`.
 * @packageDocumentation
 */
export { scenarioArb, subnetStateArb } from './scenario.js';
export type { ScenarioArbOptions } from './scenario.js';
export { actionArb, actionsArb, AdvanceCommand, economyCommands, MoveCommand, RegisterCommand, runEconomyCommands, StakeCommand, UnstakeCommand } from './actions.js';
export type { ActorOptions, EconomyCommand, EconomyModel, EconomyReal } from './actions.js';
export { metagraphArb } from './metagraph.js';
export { populationArb } from './populations.js';
export type { PopulationArbOptions } from './populations.js';
export type { MetagraphOptions } from './metagraph.js';
export type { EpochVectorInput } from '../scenario/epochInput.js';
