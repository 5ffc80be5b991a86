/**
 * The chain's refusals: one union of the error names a call can fail with, spelled as subtensor
 * spells them. Every refusal in chain/ and every refused event of a run is one of these.
 * Mirrors: pallets/subtensor/src/macros/errors.rs (`Error<T>`, in declaration order) and
 * pallets/swap/src/pallet/mod.rs (`pallet_subtensor_swap::Error`, the swap's refusals that
 * staking passes up with `?`).
 */

export const SUBTENSOR_ERRORS = [
  'RootNetworkDoesNotExist', 'InvalidIpType', 'InvalidIpAddress', 'InvalidPort',
  'HotKeyNotRegisteredInSubNet', 'HotKeyAccountNotExists', 'HotKeyNotRegisteredInNetwork',
  'NonAssociatedColdKey', 'NotEnoughStake', 'NotEnoughStakeToWithdraw',
  'NotEnoughStakeToSetWeights', 'NotEnoughStakeToSetChildkeys', 'NotEnoughBalanceToStake',
  'BalanceWithdrawalError', 'ZeroBalanceAfterWithdrawn', 'NeuronNoValidatorPermit',
  'WeightVecNotEqualSize', 'DuplicateUids', 'UidVecContainInvalidOne', 'WeightVecLengthIsLow',
  'TooManyRegistrationsThisBlock', 'HotKeyAlreadyRegisteredInSubNet', 'NewHotKeyIsSameWithOld',
  'NewHotKeyNotCleanForRootSwap', 'InvalidWorkBlock', 'InvalidDifficulty', 'InvalidSeal',
  'MaxWeightExceeded', 'HotKeyAlreadyDelegate', 'SettingWeightsTooFast',
  'IncorrectWeightVersionKey', 'ServingRateLimitExceeded', 'UidsLengthExceedUidsInSubNet',
  'NetworkTxRateLimitExceeded', 'DelegateTxRateLimitExceeded', 'HotKeySetTxRateLimitExceeded',
  'StakingRateLimitExceeded', 'SubNetRegistrationDisabled', 'TooManyRegistrationsThisInterval',
  'TransactorAccountShouldBeHotKey', 'FaucetDisabled', 'NotSubnetOwner',
  'RegistrationNotPermittedOnRootSubnet', 'StakeTooLowForRoot', 'AllNetworksInImmunity',
  'NotEnoughBalanceToPaySwapHotKey', 'NotRootSubnet', 'CanNotSetRootNetworkWeights',
  'NoNeuronIdAvailable', 'DelegateTakeTooLow', 'DelegateTakeTooHigh', 'NoWeightsCommitFound',
  'InvalidRevealCommitHashNotMatch', 'CommitRevealEnabled', 'CommitRevealDisabled',
  'LiquidAlphaDisabled', 'AlphaHighTooLow', 'AlphaLowOutOfRange', 'ColdKeyAlreadyAssociated',
  'NotEnoughBalanceToPaySwapColdKey', 'InvalidChild', 'DuplicateChild', 'ProportionOverflow',
  'TooManyChildren', 'TxRateLimitExceeded', 'ColdkeySwapAnnouncementNotFound',
  'ColdkeySwapTooEarly', 'ColdkeySwapReannouncedTooEarly', 'AnnouncedColdkeyHashDoesNotMatch',
  'ColdkeySwapAlreadyDisputed', 'NewColdKeyIsHotkey', 'InvalidChildkeyTake',
  'TxChildkeyTakeRateLimitExceeded', 'InvalidIdentity', 'MechanismDoesNotExist',
  'StakeUnavailable', 'SubnetNotExists', 'TooManyUnrevealedCommits', 'ExpiredWeightCommit',
  'RevealTooEarly', 'InputLengthsUnequal', 'CommittingWeightsTooFast', 'AmountTooLow',
  'InsufficientLiquidity', 'SlippageTooHigh', 'TransferDisallowed', 'ActivityCutoffTooLow',
  'CallDisabled', 'FirstEmissionBlockNumberAlreadySet', 'NeedWaitingMoreBlocksToStarCall',
  'NotEnoughAlphaOutToRecycle', 'CannotBurnOrRecycleOnRootSubnet', 'UnableToRecoverPublicKey',
  'InvalidRecoveredPublicKey', 'SubtokenDisabled', 'HotKeySwapOnSubnetIntervalNotPassed',
  'SameNetuid', 'InsufficientBalance', 'InvalidLeaseBeneficiary', 'LeaseCannotEndInThePast',
  'LeaseNetuidNotFound', 'LeaseDoesNotExist', 'LeaseHasNoEndBlock', 'LeaseHasNotEnded', 'Overflow',
  'BeneficiaryDoesNotOwnHotkey', 'ExpectedBeneficiaryOrigin',
  'AdminActionProhibitedDuringWeightsWindow', 'SymbolDoesNotExist', 'SymbolAlreadyInUse',
  'IncorrectCommitRevealVersion', 'InvalidRevealRound', 'RevealPeriodTooLarge',
  'RevealPeriodTooSmall', 'InvalidValue', 'SubnetLimitReached', 'CannotAffordLockCost',
  'EvmKeyAssociateRateLimitExceeded', 'SameAutoStakeHotkeyAlreadySet', 'UidMapCouldNotBeCleared',
  'TrimmingWouldExceedMaxImmunePercentage', 'ChildParentInconsistency', 'InvalidNumRootClaim',
  'InvalidRootClaimThreshold', 'InvalidSubnetNumber', 'TooManyUIDsPerMechanism',
  'VotingPowerTrackingNotEnabled', 'InvalidVotingPowerEmaAlpha', 'Deprecated',
  'AddStakeBurnRateLimitExceeded', 'ColdkeySwapAnnounced', 'ColdkeySwapDisputed',
  'ColdkeySwapClearTooEarly', 'DisabledTemporarily', 'RegistrationPriceLimitExceeded',
  'LockHotkeyMismatch', 'InsufficientStakeForLock', 'NoExistingLock', 'ActiveLockExists',
  'CannotUseSystemAccount', 'UnlockAmountTooHigh', 'TempoOutOfBounds',
  'ActivityCutoffFactorMilliOutOfBounds', 'EpochTriggerAlreadyPending', 'AutoEpochAlreadyImminent',
  'DynamicTempoBlockedByCommitReveal', 'AccountRejectsLockedAlpha',
] as const;

/** The swap pallet's errors that are not also subtensor's. */
export const SWAP_ERRORS = [
  'FeeRateTooHigh', 'InsufficientInputAmount', 'PriceLimitExceeded', 'InvalidTickRange',
  'InvalidLiquidityValue', 'ReservesTooLow', 'ReservesOutOfBalance', 'SwapInputTooLarge',
] as const;

export type ChainError = (typeof SUBTENSOR_ERRORS)[number] | (typeof SWAP_ERRORS)[number];

/** A refused call: nothing of it was applied (the chain's calls are transactional). */
export interface Refused<E extends ChainError = ChainError> {
  readonly ok: false;
  readonly error: E;
}

export const refuse = <E extends ChainError>(error: E): Refused<E> => ({ ok: false, error });

const NAMES: ReadonlySet<string> = new Set<string>([...SUBTENSOR_ERRORS, ...SWAP_ERRORS]);
export const isChainError = (s: string): s is ChainError => NAMES.has(s);

/** A subset of the union, named explicitly: a misspelt name fails to compile. */
export type ErrorsOf<E extends ChainError> = E;
