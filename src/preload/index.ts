// Placeholder until the typed bridge lands (issue 6).
export {}
