/** Whether a bind address stays on this machine: 127.0.0.0/8, ::1, localhost. Anything else exposes the node. */
export const isLoopbackHost = (host: string): boolean => {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "")
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

export const exposedWarning = (host: string): string =>
  `WARNING: the dev chain is bound to ${host}, beyond loopback. Its seeds are NOT verifiable and its ` +
  `secret lives on this machine: whoever runs it can predict every outcome. Use it for development only.`
