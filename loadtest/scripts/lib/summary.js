/**
 * The summary every script exports as handleSummary: a compact text summary on stdout (k6's own
 * text summary lives in a jslib module, which a script here does not import) and, when SUMMARY_JSON
 * names a file, the whole summary as JSON there. Plain k6 JavaScript: no imports, no BigInt.
 */
const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(2)) : String(v))

function textSummary(data) {
  const lines = []
  const names = Object.keys(data.metrics).sort()
  for (let i = 0; i < names.length; i++) {
    const m = data.metrics[names[i]]
    const vals = Object.keys(m.values).map((k) => k + '=' + fmt(m.values[k])).join(' ')
    lines.push((m.thresholds ? (Object.keys(m.thresholds).every((t) => m.thresholds[t].ok) ? '✓ ' : '✗ ') : '  ') + names[i] + ': ' + vals)
    if (m.thresholds) Object.keys(m.thresholds).forEach((t) => lines.push('    ' + (m.thresholds[t].ok ? '✓ ' : '✗ ') + t))
  }
  return lines.join('\n') + '\n'
}

export function handleSummary(data) {
  const out = { stdout: textSummary(data) }
  if (__ENV.SUMMARY_JSON) out[__ENV.SUMMARY_JSON] = JSON.stringify(data)
  return out
}
