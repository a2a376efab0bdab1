import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The real describes recorded from orgs, in `shared/` beside the checkout (as CI
 * lays it out); read from there, never copied into the project.
 */
export const RECORDED_DESCRIBES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'describes');

/** The sample describes bundled with the project. */
export const SAMPLE_DESCRIBES = join(REPO_ROOT, 'samples', 'describes');

/** The seed records bundled with the project (what `npm run emulator` serves). */
export const SAMPLE_RECORDS = join(REPO_ROOT, 'samples', 'records.json');
