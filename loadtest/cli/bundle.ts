/**
 * npm run loadtest:bundle [-- script.js ...]
 * Bundles loadtest/scripts/*.js (or the given scripts) into loadtest/dist/; fails when a bundle
 * still imports anything but 'k6' and 'k6/...'.
 */
import { bundleScript, isK6Module, listScripts } from "../bundle.ts"

const scripts = process.argv.slice(2).length > 0 ? process.argv.slice(2) : listScripts()
let bad = 0
for (const s of scripts) {
  const r = await bundleScript(s)
  const foreign = r.external_imports.filter((i) => !isK6Module(i))
  if (foreign.length > 0) {
    bad++
    console.error(`FAIL ${r.output}: unresolved imports ${foreign.join(", ")}`)
  } else console.log(`ok ${r.output} (${(r.bytes / 1024).toFixed(0)} KiB; imports ${r.external_imports.join(", ")})`)
}
process.exit(bad === 0 ? 0 : 1)
