/** What every tab of the organization page is given. */
export interface SectionProps {
  /** the Organization's name (also its root namespace) */
  readonly org: string;
}
