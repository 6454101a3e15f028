import type { Problem } from '@trellis/journey';

export type { Problem };
export { hasErrors, validateJourney } from '@trellis/journey';
