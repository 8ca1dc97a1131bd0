/** The kinds as the controllers read them (api/ types, status optional until first written). */
import type { Agent } from '../api/agent.js';
import type { Organization } from '../api/organization.js';
import type { Group } from '../api/orggroup.js';
import type { OrganizationTemplate } from '../api/orgtemplate.js';
import type { Team } from '../api/team.js';
import type { KubeObject } from '../api/meta.js';
import type { EventType } from './runtime/events.js';

export type { Agent, Group, Organization, OrganizationTemplate, Team };

/** Where reconcilers report Events (EventRecorder, or a list in tests). */
export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}
