/** The admission chain: every mutating plugin that handles the request, then every validating one. */
import type { AdmissionPlugin, Attributes } from './types.js';

export class AdmissionChain {
  constructor(private readonly plugins: readonly AdmissionPlugin[]) {}

  async admit(a: Attributes): Promise<void> {
    for (const p of this.plugins) {
      if (p.admit && p.handles(a)) await p.admit(a);
    }
  }

  async validate(a: Attributes): Promise<void> {
    for (const p of this.plugins) {
      if (p.validate && p.handles(a)) await p.validate(a);
    }
  }
}
