/**
 * The paginated export of active EVM links (userId, publicKey, address, chainId, linkedAtMs) for
 * off-chain distribution tooling (chain-and-services.md §4.7): pages ordered by user id, `after`
 * is the last user id of the previous page.
 */
import { getAddress } from "viem"
import { num, optStr, str, type Queryable } from "./sql.ts"

export const EXPORT_PAGE_MAX = 1_000

export interface EvmLinkExport {
  readonly userId: string
  readonly publicKey: string | null
  readonly address: string
  readonly chainId: number
  readonly linkedAtMs: number
}

export const activeEvmLinks = async (q: Queryable, after: string, limit: number): Promise<{ readonly links: ReadonlyArray<EvmLinkExport>; readonly next: string | null }> => {
  const n = Math.max(1, Math.min(EXPORT_PAGE_MAX, limit))
  const rows = await q.query(
    `SELECT l.user_id, u.public_key, l.evm_address, l.chain_id, l.linked_at_ms FROM evm_links l JOIN users u ON u.id = l.user_id
     WHERE l.status = 'active' AND l.user_id > $1 ORDER BY l.user_id LIMIT ${n}`,
    [after]
  )
  const links = rows.map((r) => ({
    userId: str(r["user_id"]),
    publicKey: optStr(r["public_key"]),
    address: getAddress(str(r["evm_address"])),
    chainId: num(r["chain_id"]),
    linkedAtMs: num(r["linked_at_ms"])
  }))
  const last = links[links.length - 1]
  return { links, next: links.length === n && last !== undefined ? last.userId : null }
}
