/**
 * The filter of a request without selectors. Lists and watches given exactly this function skip
 * decoding objects just to test them.
 */
import type { KubeObject } from '../../api/meta.js';

export const matchEverything = (_obj: KubeObject): boolean => true;
