/// <reference types="astro/client" />

/** The absolute runs folder, fixed by astro.config.mjs at build time. */
declare const __NULLSPACE_RUNS_DIR__: string

/** How pages name the runs folder (relative to the repository when inside it). */
declare const __NULLSPACE_RUNS_LABEL__: string

/** The default indexer API base URL of the player pages (NULLSPACE_API_URL at build time). */
declare const __NULLSPACE_API_URL__: string

/** The default auth service base URL of the login page (NULLSPACE_AUTH_URL at build time). */
declare const __NULLSPACE_AUTH_URL__: string
