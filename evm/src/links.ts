/**
 * The EVM-link export (evm.md §5.1): `{generatedAt, total, links: [{userId, publicKey,
 * evmAddress, chainId, linkedAtMs}]}` from the auth service's link rows. Only active links; a
 * public key keeps its latest link; keys lowercase 64 hex, addresses checksummed; sorted by
 * public key so the file is deterministic. Malformed rows are reported, never exported.
 */
import { getAddress, isAddress } from "viem"
import { EvmScriptError } from "./errors.ts"
import { arrayOf, bigintOf, field, isRecord } from "./json-fields.ts"

export interface EvmLink {
  readonly userId: string
  readonly publicKey: string
  readonly evmAddress: string
  readonly chainId: number
  readonly linkedAtMs: number
}

export interface LinksExport {
  readonly generatedAt: string
  readonly total: number
  readonly links: ReadonlyArray<EvmLink>
  readonly rejected: ReadonlyArray<{ readonly index: number; readonly reason: string }>
}

const ROWS_MAX = 1_000_000

export const exportLinks = (rows: unknown, generatedAt: string): LinksExport => {
  const list = Array.isArray(rows) ? rows : isRecord(rows) ? arrayOf(field(rows, ["links", "rows", "accounts"])) : []
  if (list.length > ROWS_MAX) throw new EvmScriptError("InvalidInput", `more than ${ROWS_MAX} link rows`)
  const latest = new Map<string, EvmLink>()
  const rejected: Array<{ index: number; reason: string }> = []
  list.forEach((r, index) => {
    if (!isRecord(r)) return rejected.push({ index, reason: "not an object" })
    if (r["active"] === false || (field(r, ["unlinkedAtMs", "unlinked_at_ms"]) ?? null) !== null) return
    const key = String(field(r, ["publicKey", "public_key", "publicKeyHex"]) ?? "").toLowerCase().replace(/^0x/, "")
    const address = String(field(r, ["evmAddress", "evm_address", "address"]) ?? "")
    const chainId = bigintOf(field(r, ["chainId", "chain_id"]))
    const linkedAtMs = bigintOf(field(r, ["linkedAtMs", "linked_at_ms"]))
    const userId = field(r, ["userId", "user_id"])
    if (!/^[0-9a-f]{64}$/.test(key)) return rejected.push({ index, reason: "public key is not 64 hex digits" })
    if (!isAddress(address, { strict: false })) return rejected.push({ index, reason: "not an EVM address" })
    if (chainId === null || chainId === 0n || chainId > 2n ** 53n) return rejected.push({ index, reason: "no chain id" })
    if (linkedAtMs === null || linkedAtMs > 2n ** 53n) return rejected.push({ index, reason: "no link time" })
    const link = { userId: String(userId ?? ""), publicKey: key, evmAddress: getAddress(address), chainId: Number(chainId), linkedAtMs: Number(linkedAtMs) }
    const prev = latest.get(key)
    if (prev === undefined || prev.linkedAtMs <= link.linkedAtMs) latest.set(key, link)
    return undefined
  })
  const links = [...latest.values()].sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1))
  return { generatedAt, total: links.length, links, rejected }
}
