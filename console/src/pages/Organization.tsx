/**
 * One organization: a heading, then one tab at a time (`?tab=<key>`, Overview by default). Each tab
 * is its own component in ./organization/, given the organization's name; tabs are links, so the
 * browser's back button and a shared URL keep the tab.
 */
import type { ComponentType, JSX } from 'preact';
import { useLocation } from 'preact-iso';
import { pages } from '../api/paths';
import type { SectionProps } from './organization/section';
import { OrganizationHeader } from './organization/OrganizationHeader';
import { OverviewSection } from './organization/OverviewSection';
import { TeamsSection } from './organization/TeamsSection';
import { MembersSection } from './organization/MembersSection';
import { AgentsSection } from './organization/AgentsSection';
import { ActivitySection } from './organization/ActivitySection';
import { AuditSection } from './organization/AuditSection';
import { SecretsSection } from './organization/SecretsSection';

interface Tab {
  readonly key: string;
  readonly title: string;
  readonly component: ComponentType<SectionProps>;
}

export const TABS: readonly Tab[] = [
  { key: 'overview', title: 'Overview', component: OverviewSection },
  { key: 'teams', title: 'Teams', component: TeamsSection },
  { key: 'members', title: 'Members', component: MembersSection },
  { key: 'agents', title: 'Agents', component: AgentsSection },
  { key: 'activity', title: 'Activity', component: ActivitySection },
  { key: 'audit', title: 'Audit', component: AuditSection },
  { key: 'secrets', title: 'Secrets', component: SecretsSection },
];

export function OrganizationPage({ name }: { readonly name?: string }): JSX.Element {
  const { query } = useLocation();
  const org = name ?? '';
  const tab = TABS.find((t) => t.key === query['tab']) ?? TABS[0];
  if (tab === undefined) throw new Error('no tabs');
  const Section = tab.component;
  return (
    <section aria-labelledby="organization-heading">
      <OrganizationHeader org={org} />
      <nav class="org-tabs" aria-label="Organization sections">
        <ul>
          {TABS.map((t) => (
            <li key={t.key}>
              <a
                href={`${pages.organization(org)}?tab=${t.key}`}
                aria-current={t.key === tab.key ? 'page' : undefined}
              >
                {t.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="org-section-heading" class="org-section">
        <h2 id="org-section-heading">{tab.title}</h2>
        <Section org={org} />
      </section>
    </section>
  );
}
