/** A fresh id of the form `<prefix>-<n>` that none of `taken` has (ids match [A-Za-z0-9_-]{1,64}). */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = prefix.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 50) || 'id';
  for (let n = 1; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
