/**
 * Express re-parents every request and response onto its own prototypes (IncomingMessage's and
 * ServerResponse's), which would drop light-my-request's methods from the objects it injects; so
 * the in-process transport pins those methods on each request and response as own properties,
 * which survive the re-parenting.
 */

/** The methods of each prototype met (light-my-request's request and response: two in all). */
const methodsOf = new WeakMap<object, PropertyDescriptorMap>();

/** Defines every method of obj's own prototype on obj itself (see the file's comment). */
export function pinPrototype(obj: object): void {
  const proto = Object.getPrototypeOf(obj) as object;
  let methods = methodsOf.get(proto);
  if (!methods) {
    methods = {};
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(proto)))
      if (name !== 'constructor' && typeof d.value === 'function') methods[name] = d;
    methodsOf.set(proto, methods);
  }
  Object.defineProperties(obj, methods);
}
