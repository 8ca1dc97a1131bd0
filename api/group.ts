/** The API group and version every orgplane kind is served under. */
export const GROUP = 'orgplane.io';
export const VERSION = 'v1alpha1';
/** `apiVersion` of every orgplane object: "orgplane.io/v1alpha1". */
export const API_VERSION = `${GROUP}/${VERSION}`;
