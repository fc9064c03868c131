/** Small DOM helpers of the player pages (no framework: the pages are static HTML plus these scripts). */

export const byId = (id: string): HTMLElement | null => document.getElementById(id)

export const inputById = (id: string): HTMLInputElement | null => {
  const e = document.getElementById(id)
  return e instanceof HTMLInputElement ? e : null
}

export const textareaById = (id: string): HTMLTextAreaElement | null => {
  const e = document.getElementById(id)
  return e instanceof HTMLTextAreaElement ? e : null
}

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: ReadonlyArray<Node | string>): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  for (const c of children) e.append(c)
  return e
}

/** label/value rows as a facts table */
export const factsTable = (rows: ReadonlyArray<readonly [string, string]>): HTMLTableElement =>
  el("table", { class: "facts" }, el("tbody", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, el("code", {}, v))))))

/** JSON with bigints as decimal strings and bytes as hex, for showing records */
export const showJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? Array.from(x, (b) => b.toString(16).padStart(2, "0")).join("") : x), 2)

const LOG_LINES_MAX = 200

/** append a line to a page's activity log (role=log, newest last, bounded) */
export const logLine = (log: HTMLElement | null, text: string, kind: "info" | "ok" | "bad" = "info"): void => {
  if (log === null) return
  log.append(el("li", { class: kind }, text))
  while (log.children.length > LOG_LINES_MAX) log.firstElementChild?.remove()
}

/** an amount with thousands separators (exact: bigints are never rounded) */
export const amount = (v: bigint | string): string => {
  const s = typeof v === "bigint" ? v.toString() : v
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
}
