/**
 * Where the player pages find the indexer API, and which network identity they trust. The API
 * base URL is the build's default (`NULLSPACE_API_URL`, else http://127.0.0.1:8080) unless the
 * page was opened with `?api=URL` (remembered in this browser) or the settings form changed it.
 * A group key given as `?group_key=HEX` (or in the settings) pins the validator set the
 * provably-fair panel checks against.
 */
const API_KEY = "nullspace.api"
const GROUP_KEY = "nullspace.group_key"

const fromQuery = (name: string): string | null => new URLSearchParams(globalThis.location?.search ?? "").get(name)

const remembered = (key: string, query: string): string | null => {
  const q = fromQuery(query)
  if (q !== null && q.trim() !== "") {
    localStorage.setItem(key, q.trim())
    return q.trim()
  }
  return localStorage.getItem(key)
}

export const apiBase = (): string => (remembered(API_KEY, "api") ?? __NULLSPACE_API_URL__).replace(/\/$/, "")

export const setApiBase = (url: string): void => localStorage.setItem(API_KEY, url.trim())

/** the trusted group key (hex), or null when none is pinned */
export const trustedGroupKey = (): string | null => {
  const v = remembered(GROUP_KEY, "group_key")
  return v !== null && /^[0-9a-f]+$/i.test(v) ? v.toLowerCase() : null
}

export const setTrustedGroupKey = (hex: string): void => {
  if (hex.trim() === "") localStorage.removeItem(GROUP_KEY)
  else localStorage.setItem(GROUP_KEY, hex.trim().toLowerCase())
}

/** the updates stream URL of the API (ws:// for http://, wss:// for https://) */
export const updatesUrl = (query: string): string => `${apiBase().replace(/^http/, "ws")}/updates?${query}`

const AUTH_KEY = "nullspace.auth"

/** the auth service (docs/auth.md): the build's default unless ?auth=URL or the login page set another */
export const authBase = (): string => (remembered(AUTH_KEY, "auth") ?? __NULLSPACE_AUTH_URL__).replace(/\/$/, "")

/** whether this browser chose an auth service (?auth= or the login page's setting) */
export const authChosen = (): boolean => remembered(AUTH_KEY, "auth") !== null

export const setAuthBase = (url: string): void => localStorage.setItem(AUTH_KEY, url.trim())
