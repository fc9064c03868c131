/** The shell of every self-contained report page: inline CSS, no script, no external asset. */
import { escapeHtml } from "./escape.ts"
import { REPORT_CSS } from "./report-style.ts"

export const reportPage = (title: string, subtitleHtml: string, bodyHtml: string, sourceNote: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${subtitleHtml}</p>
${bodyHtml}
<footer>${escapeHtml(sourceNote)}</footer>
</body>
</html>
`

export const chartGrid = (charts: ReadonlyArray<string>): string => `<div class="charts">\n${charts.join("\n")}\n</div>`
