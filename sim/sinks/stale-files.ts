/**
 * Files and folders a process names after its own pid while it works on them (a run's staging
 * database, a worker bundle folder): when that process is killed (SIGKILL, out of memory) it
 * cannot remove them, and nothing else would. `removeStale` removes the entries of one folder whose
 * name has the form `<prefix><pid><suffix>` for a pid that is not a live process on this machine.
 * An entry of a live process (this one included) is never touched, so two processes writing beside
 * each other keep their files; a pid that the system has since reused keeps its entry until that
 * process ends too (the entry is only left over, never lost data).
 */
import { readdirSync, rmSync } from "node:fs"
import { join } from "node:path"

/** entries of one folder looked at, at most */
const ENTRIES_MAX = 10_000

/** whether `pid` is a live process on this machine (EPERM: alive, owned by another user) */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e instanceof Error && "code" in e && e.code === "EPERM"
  }
}

/** the pid in `name` when it is `<prefix><digits><suffix>`, else null */
export const stampedPid = (name: string, prefix: string, suffix: string): number | null => {
  if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length <= prefix.length + suffix.length) return null
  const digits = name.slice(prefix.length, name.length - suffix.length)
  if (!/^[0-9]{1,10}$/.test(digits)) return null
  const pid = Number(digits)
  return pid > 0 && Number.isSafeInteger(pid) ? pid : null
}

/**
 * Remove `dir`'s entries named `<prefix><pid><suffix>` (files or folders) whose process is gone;
 * returns the names removed. A folder that does not exist has nothing to remove.
 */
export const removeStale = (dir: string, prefix: string, suffix: string): ReadonlyArray<string> => {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names.slice(0, ENTRIES_MAX)) {
    const pid = stampedPid(name, prefix, suffix)
    if (pid === null || pid === process.pid || pidAlive(pid)) continue
    rmSync(join(dir, name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
