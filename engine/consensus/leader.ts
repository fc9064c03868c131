/**
 * Leader election (chain-and-services.md §1.4): the leader of view v + 1 is
 * sorted_validators[ be_mod(encode(seed(v)), n) ], where be_mod folds the seed bytes as one
 * big-endian integer modulo n (r = (r·256 + b) mod n). View 1 uses the genesis seed (the
 * compressed G1 identity for BLS). The seed of v is unknown until q validators voted in v, so
 * the leader of v + 1 cannot be predicted before then.
 */
export const beMod = (bytes: Uint8Array, n: number): number => {
  let r = 0
  for (const b of bytes) r = (r * 256 + b) % n
  return r
}

/** the leader of the view after the one whose seed is given */
export const leaderAfter = (previous_seed: Uint8Array, n: number): number => beMod(previous_seed, n)
