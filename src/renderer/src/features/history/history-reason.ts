// The reason a journal entry carries, in words. resolve_conflict writes a machine-made one
// ("resolve conflict <id>: keep custom"); people's own reasons (an adjustment, a reopened
// month) are shown as they wrote them. Pure.

const RESOLVED = /^resolve conflict [0-9a-f-]{36}: keep (server|client|custom)$/i

const KEPT: Record<string, string> = {
  server: 'resolved a conflict, keeping the value that was on the server',
  client: 'resolved a conflict, keeping the value from the device',
  custom: 'resolved a conflict with values chosen by hand',
}

export function historyReason(reason: string): string {
  const choice = RESOLVED.exec(reason.trim())?.[1]?.toLowerCase()
  return (choice && KEPT[choice]) ?? `reason: ${reason}`
}
