/** A link to a page of this site, honouring the configured base path. */
export const href = (path: string): string => `${import.meta.env.BASE_URL.replace(/\/$/, "")}${path}`
