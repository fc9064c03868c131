/**
 * Super mode (games-b.md §7, redesigned: docs/games/super-mode.md): a 20 % fee on every chip staked
 * arms a per-game multiplier drawn when the session completes, which lifts every played return.
 * The tables live in super-mode/tables.ts, the session record and its rules in super-mode/ledger.ts.
 */
export * from "./super-mode/tables.ts"
export * from "./super-mode/ledger.ts"
