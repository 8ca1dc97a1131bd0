/** The Organization's Events, newest first, with the time each last happened. */
import type { CoreEvent } from './org-types';

/** When the event last happened (series events: lastTimestamp; new-style: eventTime). */
export const eventTime = (e: CoreEvent): string =>
  e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '';

/** The field selector of the Events about Organization `org`. */
export const orgEventSelector = (org: string): string =>
  `involvedObject.kind=Organization,involvedObject.name=${org}`;

export function newestFirst(events: readonly CoreEvent[], org: string): CoreEvent[] {
  return events
    .filter((e) => e.involvedObject?.kind === 'Organization' && e.involvedObject.name === org)
    .sort((a, b) => (eventTime(b) < eventTime(a) ? -1 : eventTime(b) > eventTime(a) ? 1 : 0));
}
