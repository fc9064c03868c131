/**
 * Every table of the chain state, by name: what a state snapshot (snapshot.ts) writes and reads.
 * A table declared with `defineTable` / `defineSingleton` anywhere in the engine must be listed
 * here; encoding a state that holds rows of an unlisted table fails (an engine bug, never a
 * silent omission), and sim/runner/test/snapshot.test.ts checks this list against the engine's
 * declarations.
 */
import { cashLeaderboard } from "../casino/leaderboard.ts"
import { house } from "../casino/house.ts"
import { players } from "../casino/player.ts"
import { ammPool, lpBalances } from "../economy/amm/pool.ts"
import { bridgeDepositSources, bridgeRefunds, bridgeRefundTotals, bridgeState, bridgeWithdrawals } from "../economy/bridge/bridge.ts"
import { oracleState } from "../economy/oracle/oracle.ts"
import { policyState } from "../economy/policy-state.ts"
import { savingsBalances, savingsPool } from "../economy/savings/savings.ts"
import { stakers } from "../economy/staking/staker.ts"
import { creditTranches } from "../economy/tournament/credits.ts"
import { tournaments } from "../economy/tournament/tournament.ts"
import { treasury, treasuryVesting } from "../economy/treasury/treasury.ts"
import { vaults } from "../economy/vault/vault.ts"
import { sessions } from "../games/session.ts"
import { accounts } from "../state/account.ts"
import { snapshotTable, type SnapshotTable } from "./snapshot-table.ts"

/** every state table, in ascending name order (the order a snapshot writes them in) */
export const SNAPSHOT_TABLES: ReadonlyArray<SnapshotTable> = [
  snapshotTable(accounts),
  snapshotTable(ammPool.table, true),
  snapshotTable(bridgeDepositSources),
  snapshotTable(bridgeRefunds),
  snapshotTable(bridgeRefundTotals.table, true),
  snapshotTable(bridgeState.table, true),
  snapshotTable(bridgeWithdrawals),
  snapshotTable(creditTranches),
  snapshotTable(house.table, true),
  snapshotTable(cashLeaderboard.table, true),
  snapshotTable(lpBalances),
  snapshotTable(oracleState.table, true),
  snapshotTable(players),
  snapshotTable(policyState.table, true),
  snapshotTable(savingsBalances),
  snapshotTable(savingsPool.table, true),
  snapshotTable(sessions),
  snapshotTable(stakers),
  snapshotTable(tournaments),
  snapshotTable(treasury.table, true),
  snapshotTable(treasuryVesting.table, true),
  snapshotTable(vaults)
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
