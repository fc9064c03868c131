/**
 * Browser origins (chain-and-services.md §6): a request without an Origin header is not a
 * browser's cross-site call and passes; one with an Origin passes only if that origin is on the
 * allowlist (exact, case-insensitive, no trailing slash), and only then gets CORS headers naming
 * that origin (never `*`). Everything else is refused before any route runs.
 */
export const normalizeOrigin = (origin: string): string => origin.trim().toLowerCase().replace(/\/+$/, "")

/** true when the request may proceed: no Origin, or an allowed one */
export const originAllowed = (origin: string | undefined, allowed: ReadonlyArray<string>): boolean =>
  origin === undefined || allowed.some((a) => normalizeOrigin(a) === normalizeOrigin(origin))

/** the CORS headers for an allowed browser origin (none without one); always Vary: Origin */
export const corsHeaders = (origin: string | undefined, allowed: ReadonlyArray<string>): Record<string, string> =>
  origin !== undefined && originAllowed(origin, allowed)
    ? {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "content-type, x-request-id",
        "access-control-expose-headers": "x-request-id",
        vary: "Origin"
      }
    : { vary: "Origin" }

/** why this bind address and allowlist must not start, or null (beyond loopback an allowlist is required) */
export const exposureProblem = (host_is_loopback: boolean, allowed: ReadonlyArray<string>): string | null =>
  host_is_loopback || allowed.length > 0
    ? null
    : "the API is bound beyond loopback without an origin allowlist: pass --allow-origin https://your.site (ALLOWED_ORIGINS) or bind to 127.0.0.1"
