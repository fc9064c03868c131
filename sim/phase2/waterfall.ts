/**
 * The auction proceeds' waterfall (evm.md §7, planning policy): (1) pair the liquidity reserve —
 * USDT worth `liquidity_tokens` at the clearing price; (2) fund the recovery pool up to its
 * target; (3) the rest: 50 % treasury runway, 30 % insurance, 20 % liquidity / buy-back.
 */
export interface Waterfall {
  readonly liquidity: bigint
  readonly recovery: bigint
  readonly treasury: bigint
  readonly insurance: bigint
  readonly buyback: bigint
}

export const waterfall = (raised: bigint, liquidity_usdt: bigint, recovery_target: bigint): Waterfall => {
  const liquidity = raised < liquidity_usdt ? raised : liquidity_usdt
  const afterLiquidity = raised - liquidity
  const recovery = afterLiquidity < recovery_target ? afterLiquidity : recovery_target
  const rest = afterLiquidity - recovery
  const treasury = (rest * 50n) / 100n
  const insurance = (rest * 30n) / 100n
  return { liquidity, recovery, treasury, insurance, buyback: rest - treasury - insurance }
}
