/**
 * The organization structure controller: for each Organization, applies its template's teams,
 * groups and bindings once (condition TemplateApplied), keeps the `organization-admins` binding
 * equal to spec.admins, and writes the counts status.members and status.teams. Reads from the
 * informer caches.
 */
import type { Condition, KubeObject } from '../../api/meta.js';
import type { OrganizationStatus } from '../../api/organization.js';
import type { ApiClient } from '../runtime/client.js';
import type { Clock } from '../runtime/clock.js';
import { isStatusConditionTrue, setStatusCondition } from '../runtime/conditions.js';
import type { Reconciler, Result } from '../runtime/controller.js';
import type { Listers } from '../runtime/lister.js';
import {
  GROUPS,
  NAMESPACES,
  ORGANIZATION_TEMPLATES,
  ORGANIZATIONS,
  ROLE_BINDINGS,
  TEAMS,
} from '../runtime/resources.js';
import { updateStatus } from '../runtime/status.js';
import type { EventSink, Group, Organization, OrganizationTemplate } from '../types.js';
import { syncAdmins } from './admins.js';
import { groupMembers, membersOf, organizationNamespaces } from './members.js';
import { applyTemplate } from './template.js';

export interface OrgStructureDeps {
  readonly client: ApiClient;
  readonly events: EventSink;
  readonly clock: Clock;
  readonly listers: Listers;
}

export const TEMPLATE_APPLIED = 'TemplateApplied';

export class OrgStructureReconciler implements Reconciler {
  constructor(private readonly deps: OrgStructureDeps) {}

  async reconcile(name: string): Promise<Result | undefined> {
    const { client, listers } = this.deps;
    const org = listers<Organization>(ORGANIZATIONS).get(name);
    if (!org || org.metadata.deletionTimestamp !== undefined) return undefined;
    if (!listers(NAMESPACES).get(name)) return undefined;
    const status: OrganizationStatus = structuredClone(org.status ?? {});
    const conditions = status.conditions ?? [];
    if (status.template && !isStatusConditionTrue(conditions, TEMPLATE_APPLIED))
      await this.applyTemplateOnce(org, status.template.name, conditions);
    await syncAdmins(client, listers<KubeObject>(ROLE_BINDINGS), org);
    const groups = listers<Group>(GROUPS).list(name);
    const members = groupMembers(groups);
    const bindings = organizationNamespaces(listers(NAMESPACES), name).flatMap((ns) =>
      listers<KubeObject>(ROLE_BINDINGS).list(ns),
    );
    await updateStatus(client, ORGANIZATIONS, org, {
      ...status,
      ...(conditions.length > 0 ? { conditions } : {}),
      members: membersOf(bindings, members).size,
      teams: listers(TEAMS).list(name).length,
    });
    return undefined;
  }
  /** Creates the template's structure and records TemplateApplied in conditions. */
  private async applyTemplateOnce(
    org: Organization,
    templateName: string,
    conditions: Condition[],
  ): Promise<void> {
    const template = this.deps.listers<OrganizationTemplate>(ORGANIZATION_TEMPLATES).get(templateName);
    const now = this.deps.clock.now();
    if (!template) {
      setStatusCondition(
        conditions,
        {
          type: TEMPLATE_APPLIED,
          status: 'False',
          reason: 'TemplateMissing',
          message: `OrganizationTemplate ${templateName} not found`,
        },
        now,
      );
      return;
    }
    await applyTemplate(this.deps.client, org, template.spec ?? {});
    setStatusCondition(
      conditions,
      {
        type: TEMPLATE_APPLIED,
        status: 'True',
        reason: 'Applied',
        message: `teams, groups and bindings of ${templateName} created`,
      },
      now,
    );
    this.deps.events.event(org, 'Normal', 'TemplateApplied', `Applied OrganizationTemplate ${templateName}`);
  }
}
