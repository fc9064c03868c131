/**
 * The launcher's ABI tuples (evm.md §6.5, §6.6), in their exact field order. Defect 8 (struct
 * drift between CCA versions) is handled by naming the version: the tuple below is the
 * `requiredCurrencyRaised` one, and encoding refuses anything else.
 */
import { encodeAbiParameters, keccak256, toBytes, type Address, type Hex } from "viem"
import { EvmScriptError } from "../errors.ts"

export const AUCTION_PARAMS_TUPLE = [
  {
    type: "tuple",
    components: [
      { name: "currency", type: "address" },
      { name: "tokensRecipient", type: "address" },
      { name: "fundsRecipient", type: "address" },
      { name: "startBlock", type: "uint64" },
      { name: "endBlock", type: "uint64" },
      { name: "claimBlock", type: "uint64" },
      { name: "tickSpacing", type: "uint256" },
      { name: "validationHook", type: "address" },
      { name: "floorPrice", type: "uint256" },
      { name: "requiredCurrencyRaised", type: "uint128" },
      { name: "auctionStepsData", type: "bytes" }
    ]
  }
] as const

export const CCA_TUPLE_VERSION = "requiredCurrencyRaised" as const

/** the launcher's "message sender" sentinel (note 9: the strategy receives leftovers and funds) */
export const SENTINEL_RECIPIENT: Address = "0x0000000000000000000000000000000000000001"

export interface AuctionParams {
  readonly currency: Address
  readonly startBlock: bigint
  readonly endBlock: bigint
  readonly claimBlock: bigint
  readonly tickSpacing: bigint
  readonly validationHook: Address
  readonly floorPrice: bigint
  readonly requiredCurrencyRaised: bigint
  readonly auctionStepsData: Hex
}

export const encodeAuctionParams = (p: AuctionParams, version: string = CCA_TUPLE_VERSION): Hex => {
  if (version !== CCA_TUPLE_VERSION) throw new EvmScriptError("InvalidInput", `unknown CCA parameter tuple ${version}: only ${CCA_TUPLE_VERSION}`)
  if (p.floorPrice % p.tickSpacing !== 0n) throw new EvmScriptError("InvalidInput", "the tick spacing must divide the floor")
  return encodeAbiParameters(AUCTION_PARAMS_TUPLE, [{ ...p, tokensRecipient: SENTINEL_RECIPIENT, fundsRecipient: SENTINEL_RECIPIENT }])
}

/** LBP_SALT: verbatim if 0x + 64 hex, else keccak256 of its UTF-8 */
const isBytes32 = (t: string): t is Hex => /^0x[0-9a-f]{64}$/.test(t)
export const saltOf = (text: string): Hex => {
  const lower = text.toLowerCase()
  return isBytes32(lower) ? lower : keccak256(toBytes(text))
}
