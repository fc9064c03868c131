/**
 * A plain HTML table from text cells (escaped here). Columns marked numeric are right-aligned.
 */
import { escapeHtml } from "./escape.ts"

export interface TableColumn {
  readonly header: string
  readonly numeric?: boolean
}

export const htmlTable = (columns: ReadonlyArray<TableColumn>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const cls = (c: TableColumn | undefined): string => (c?.numeric === true ? ' class="num"' : "")
  const head = columns.map((c) => `<th${cls(c)}>${escapeHtml(c.header)}</th>`).join("")
  const body = rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(columns[i])}>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("\n")
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
}

/** A two-column label/value list as a table without header. */
export const factsTable = (facts: ReadonlyArray<readonly [string, string]>): string =>
  `<table class="facts">\n<tbody>\n${facts
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
    .join("\n")}\n</tbody>\n</table>`
