/**
 * Update filters for Controller.watch: an update is worth a reconcile only when the part of the
 * object the reconciler reads changed (e.g. not when another controller wrote its own status field).
 */
export function viewChanged<T>(view: (obj: T) => unknown): (oldObj: T, newObj: T) => boolean {
  return (a, b) => JSON.stringify(view(a)) !== JSON.stringify(view(b));
}
