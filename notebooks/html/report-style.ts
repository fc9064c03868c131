/** The stylesheet inlined into every HTML report (reports carry no external assets). */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --rule: #dde1e8; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 20px 64px; font: 15px/1.5 system-ui, sans-serif; color: var(--ink); }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
p.sub { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.92rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts th { width: 16rem; font-weight: 600; color: var(--muted); }
code { font-family: ui-monospace, monospace; font-size: 0.88em; overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px 24px; }
figure { margin: 0; }
figure h2 { font-size: 1rem; border: 0; margin: 8px 0 4px; padding: 0; }
svg { max-width: 100%; height: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.85rem; }
`
