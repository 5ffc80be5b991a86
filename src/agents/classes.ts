/** The agent classes of the populations. */
export const AGENT_CLASSES = ['miner', 'validator', 'staker', 'owner'] as const;
export type AgentClass = (typeof AGENT_CLASSES)[number];
