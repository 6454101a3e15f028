/**
 * A PostgreSQL array literal for an `unnest($n::type[])` parameter. Sent as one text value it
 * skips the driver's per-element type detection, a third of the engine's CPU on a wave of leads.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ',';
    if (value === null || value === undefined) literal += 'NULL';
    else if (typeof value === 'number') literal += String(value);
    else literal += '"' + value.replace(/[\\"]/g, '\\$&') + '"';
  }
  return literal + '}';
}
