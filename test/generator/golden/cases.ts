/**
 * The golden cases, once: the golden test compares each, `npm run
 * golden:update` regenerates each, and a test checks that every folder here is
 * listed (a new case is never regenerated without being compared).
 */
export const GOLDEN_CASES = ['recorded', 'sample'] as const;

export type GoldenCase = (typeof GOLDEN_CASES)[number];
