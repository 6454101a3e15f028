/**
 * A journey's priority (settings.priority, journey-format.md "Additions") in words, for the
 * inspector's hint and the review: what it decides, said the way a marketer weighs journeys.
 */
export function priorityWords(priority: number | undefined): string {
  const value = priority ?? 0;
  const said = priority === undefined ? 'Priority 0 (the default)' : `Priority ${value}`;
  return `${said}: when a lead would enter this and another journey on one event, or a frequency cap allows only one of several sends due at once, the journey with the higher priority goes first; equal priorities go by journey id.`;
}
