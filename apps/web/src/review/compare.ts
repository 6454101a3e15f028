// What changed between two versions: pure, in the journey package, so the server's publish
// review says what this compare view says.
export { compareJourneys, edgeKey, fieldChanges, type Change, type FieldChange, type JourneyDiff, type NodeMark } from '@trellis/journey';
