/** Shapes of the objects the organization tabs read (only the fields they use; see api/*.ts). */
import type { Condition, KubeObject, Organization } from '../../api/types';

export type Counts = Readonly<Record<string, number>>;

/** The Organization with the status fields of api/organization.ts the tabs show. */
export interface OrgObject extends Organization {
  readonly status?: NonNullable<Organization['status']> & {
    readonly billing?: {
      readonly lagoCustomerId?: string;
      readonly stripeCustomerId?: string;
      readonly syncedGeneration?: number;
    };
    readonly requests?: { readonly thisMinute?: number; readonly today?: number };
  };
  readonly metadata: Organization['metadata'] & { readonly generation?: number };
}

/** A Team (api/team.ts). */
export interface Team extends KubeObject {
  readonly spec?: {
    readonly displayName?: string;
    readonly description?: string;
    readonly parent?: string;
    readonly quota?: Counts;
  };
  readonly status?: {
    readonly namespace?: string;
    readonly path?: string;
    readonly depth?: number;
    readonly phase?: string;
    readonly usage?: Counts;
    readonly members?: number;
    readonly conditions?: readonly Condition[];
  };
}

/** A core/v1 Event. */
export interface CoreEvent extends KubeObject {
  readonly involvedObject?: { readonly kind?: string; readonly name?: string };
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
  readonly eventTime?: string;
}

/** One day of the activity subresource (api/activity.ts). */
export interface DayActivity {
  readonly date: string;
  readonly requests: number;
  readonly writes: number;
  readonly denials: number;
  readonly activeUsers: number;
  readonly agentsCreated: number;
  readonly agentsDeleted: number;
}

export interface OrganizationActivity {
  readonly organization: string;
  readonly days: readonly DayActivity[];
}
