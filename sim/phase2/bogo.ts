/**
 * The BOGO bonus (evm.md §5.2): successful bidders are paid a bonus capped by the phase-1
 * freeroll credits of the players linked to them, then scaled down pro rata (6-decimal integer
 * scale) if the total exceeds the bonus pool. Bids in order; an address's cap is the Σ credits of
 * the players linked to it; without links every bid is uncapped.
 */
export interface BonusBid {
  readonly bidder: string
  readonly tokens: bigint
  readonly successful: boolean
}

export interface BonusClaim {
  readonly address: string
  readonly amount: bigint
}

export const bonusClaims = (
  bids: ReadonlyArray<BonusBid>,
  caps: ReadonlyMap<string, bigint> | null,
  pool_cap: bigint
): BonusClaim[] => {
  const claimed = new Map<string, bigint>()
  for (const b of bids) {
    if (!b.successful || b.tokens <= 0n) continue
    let amt = b.tokens
    const prev = claimed.get(b.bidder) ?? 0n
    if (caps !== null) {
      const c = caps.get(b.bidder) ?? 0n
      if (prev >= c) continue
      amt = amt < c - prev ? amt : c - prev
    }
    if (amt <= 0n) continue
    claimed.set(b.bidder, prev + amt)
  }
  let claims = [...claimed].map(([address, amount]) => ({ address, amount }))
  const total = claims.reduce((a, c) => a + c.amount, 0n)
  if (pool_cap > 0n && total > pool_cap) {
    const scale = (pool_cap * 1_000_000n) / total
    claims = claims.map((c) => ({ address: c.address, amount: (c.amount * scale) / 1_000_000n })).filter((c) => c.amount > 0n)
  }
  return claims
}
