/**
 * orgplane.io/v1alpha1 Organization: its name is a DNS-1123 label, since it names the
 * organization's namespace.
 */
import type { KindStrategy } from '../registry/types.js';

export const organizationStrategy: KindStrategy = {
  nameRule: 'label',
};
