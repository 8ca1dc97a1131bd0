/** The kinds as the controllers read them (api/ types, status optional until first written). */
import type { Agent } from '../api/agent.js';
import type { Organization } from '../api/organization.js';
import type { KubeObject } from '../api/meta.js';
import type { EventType } from './runtime/events.js';

export type { Agent, Organization };

/** Where reconcilers report Events (EventRecorder, or a list in tests). */
export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}
