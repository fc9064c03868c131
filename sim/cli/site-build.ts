/** `astro build --root site` as a child process, its output captured (shown when it fails). */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { Data, Effect } from "effect"

export class SiteBuildFailed extends Data.TaggedError("SiteBuildFailed")<{ readonly detail: string; readonly output: string }> {
  override get message(): string {
    return `site build failed: ${this.detail}`
  }
}

const OUTPUT_KEPT_CHARS = 8_000
const BUILD_TIMEOUT_MS = 300_000

export const buildSite = (repo_root: string, runs_dir: string): Effect.Effect<string, SiteBuildFailed> =>
  Effect.async<string, SiteBuildFailed>((resume) => {
    const astro = join(repo_root, "node_modules", ".bin", "astro")
    if (!existsSync(join(repo_root, "site")) || !existsSync(astro)) {
      resume(Effect.fail(new SiteBuildFailed({ detail: "no site/ folder or no astro installed", output: "" })))
      return
    }
    let output = ""
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT_CHARS)
    }
    const child = spawn(astro, ["build", "--root", "site"], {
      cwd: repo_root,
      env: { ...process.env, NULLSPACE_RUNS_DIR: runs_dir },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: BUILD_TIMEOUT_MS
    })
    child.stdout.on("data", keep)
    child.stderr.on("data", keep)
    child.on("error", (e) => resume(Effect.fail(new SiteBuildFailed({ detail: e.message, output }))))
    child.on("close", (code, signal) => {
      if (code === 0) resume(Effect.succeed(join(repo_root, "site", "dist", "index.html")))
      else resume(Effect.fail(new SiteBuildFailed({ detail: signal !== null ? `stopped by ${signal}` : `exit code ${code}`, output })))
    })
    return Effect.sync(() => {
      child.kill()
    })
  })
