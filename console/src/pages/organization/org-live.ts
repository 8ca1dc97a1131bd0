/** The organization object every tab reads, kept live by its watch. */
import { useLiveObject, type LiveObject } from '../../api/live';
import { ORGANIZATIONS, resourcePath } from '../../api/paths';
import type { OrgObject } from './org-types';

export const useOrganization = (org: string): LiveObject<OrgObject> =>
  useLiveObject<OrgObject>(resourcePath(ORGANIZATIONS), org);
