/**
 * The dev chain keeps no session index (it certifies nothing: `/session/:id/verification` answers
 * NotCertified, 501); what it serves for a session, `/session/:id`, is chain state, rebuilt by the
 * blocks.log replay (a settled session leaves state). An open roulette session answers the same
 * after a restart from the data dir, the verification route still answers NotCertified, and the
 * session's move after the restart settles it.
 */
import { afterAll, describe, expect, it } from "vitest"
import { encodeRouletteMove } from "../../../engine/games/roulette/roulette.ts"
import { GAME_TYPES } from "../../../engine/tx/instruction.ts"
import { get, register, removeTempDirs, signer, startTestServer, submit, tempDir, tx } from "../../test/helpers.ts"

afterAll(removeTempDirs)

describe("dev chain sessions across a restart", () => {
  it("serves an open session identically after replaying blocks.log, and plays it on", async () => {
    const dir = tempDir("dev-session-restart")
    const cy = signer("dev-session-restart/cy")
    const first = await startTestServer({ dataDir: dir })
    let before: unknown
    try {
      expect((await submit(first, [register(cy, 0n, "cy")])).status).toBe(200)
      await first.produceNow()
      expect((await submit(first, [tx(cy, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 3n })])).status).toBe(200)
      await first.produceNow()
      const s = await get(first, "/session/3")
      expect(s.status).toBe(200)
      expect(s.body).toMatchObject({ is_complete: false })
      before = s.body
    } finally {
      await first.close()
    }
    const second = await startTestServer({ dataDir: dir })
    try {
      expect(second.devChain.stats().blocks_replayed).toBe(2)
      const s = await get(second, "/session/3")
      expect(s.status).toBe(200)
      expect(s.body).toEqual(before)
      const v = await get(second, "/session/3/verification")
      expect(v.status).toBe(501)
      expect(v.body).toMatchObject({ error: "NotCertified" })
      // the session goes on after the restart: its move settles it (a settled session leaves state)
      const move = encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 10n }] })
      expect((await submit(second, [tx(cy, 2n, { _tag: "GameMove", session_id: 3n, payload: move })])).status).toBe(200)
      const fb = await second.produceNow()
      expect(fb.result.outputs[0]?.status).toBe("applied")
      expect((await get(second, "/session/3")).status).toBe(404)
    } finally {
      await second.close()
    }
  })
})
