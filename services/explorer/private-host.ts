/**
 * The private-network rule for the explorer's Postgres (chain-and-services.md §3.10, §6 item 10):
 * connections carry no TLS, so the URL must be `postgres://` or `postgresql://` and its host
 * `localhost`, a loopback or private IPv4 (127/8, 10/8, 172.16/12, 192.168/16, 169.254/16), or a
 * loopback, unique-local or link-local IPv6. A public address is refused unless `allow_public`
 * (EXPLORER_PERSISTENCE_ALLOW_PUBLIC=1, which bypasses every check); a DNS name is refused unless
 * `allow_hostname` (EXPLORER_PERSISTENCE_ALLOW_HOSTNAME=1). The URL is never echoed with its password.
 */
import * as net from "node:net"
import { PublicDatabaseHost } from "./errors.ts"

export interface HostOverrides {
  readonly allow_public: boolean
  readonly allow_hostname: boolean
}

const privateV4 = (ip: string): boolean => {
  const p = ip.split(".").map(Number)
  const [a = -1, b = -1] = p
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
}

const privateV6 = (ip: string): boolean => {
  const h = ip.toLowerCase()
  if (h === "::1") return true
  const mapped = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(h)
  if (mapped !== null) return privateV4(mapped[1] ?? "")
  const first = parseInt(h.split(":")[0] ?? "", 16)
  // fc00::/7 unique local, fe80::/10 link local
  return Number.isInteger(first) && ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80)
}

/** the URL with its password replaced, for messages and /config */
export const redactUrl = (raw: string): string => {
  try {
    const u = new URL(raw)
    if (u.password !== "") u.password = "redacted"
    if (u.protocol.startsWith("redis") && u.username !== "" && u.password === "") u.username = "redacted"
    return u.toString()
  } catch {
    return "(unparseable URL)"
  }
}

/** null when the URL may be used, else why not */
export const databaseHostProblem = (raw: string, overrides: HostOverrides): PublicDatabaseHost | null => {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return new PublicDatabaseHost({ message: "the explorer database URL does not parse" })
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:")
    return new PublicDatabaseHost({ message: `the explorer database URL must use postgres:// or postgresql://, not ${u.protocol}//` })
  if (overrides.allow_public) return null
  const host = u.hostname.replace(/^\[|\]$/g, "")
  if (host === "") return new PublicDatabaseHost({ message: "the explorer database URL names no host" })
  if (host.toLowerCase() === "localhost") return null
  const kind = net.isIP(host)
  if (kind === 4) return privateV4(host) ? null : new PublicDatabaseHost({ message: `${host} is a public address: the explorer database must be on a private network (EXPLORER_PERSISTENCE_ALLOW_PUBLIC=1 overrides)` })
  if (kind === 6) return privateV6(host) ? null : new PublicDatabaseHost({ message: `${host} is a public address: the explorer database must be on a private network (EXPLORER_PERSISTENCE_ALLOW_PUBLIC=1 overrides)` })
  return overrides.allow_hostname ? null : new PublicDatabaseHost({ message: `${host} is a DNS name, which may resolve beyond the private network (EXPLORER_PERSISTENCE_ALLOW_HOSTNAME=1 overrides)` })
}
