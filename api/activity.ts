/**
 * OrganizationActivity (orgplane.io/v1alpha1): the answer of the get-only subresource
 * `organizations/NAME/activity?days=N`, one organization's request counters per UTC day, newest
 * day first. Not stored as such: the API server keeps the counters per organization and day.
 */
import { GROUP, VERSION } from './group.js';

export const ACTIVITY_KIND = 'OrganizationActivity';
export const ACTIVITY_API_VERSION = `${GROUP}/${VERSION}` as const;
/** days one answer may cover, and how long the counters are kept */
export const ACTIVITY_MAX_DAYS = 90;
export const ACTIVITY_DEFAULT_DAYS = 7;

export interface DayActivity {
  /** UTC date, YYYY-MM-DD */
  readonly date: string;
  /** every request of the organization's users in its namespaces, whatever the answer (429s too) */
  readonly requests: number;
  /** creates, updates, patches and deletes among them */
  readonly writes: number;
  /** requests answered 403 Forbidden */
  readonly denials: number;
  /** distinct users */
  readonly activeUsers: number;
  readonly agentsCreated: number;
  readonly agentsDeleted: number;
}

export interface OrganizationActivity {
  readonly apiVersion: typeof ACTIVITY_API_VERSION;
  readonly kind: typeof ACTIVITY_KIND;
  readonly organization: string;
  readonly days: readonly DayActivity[];
}
