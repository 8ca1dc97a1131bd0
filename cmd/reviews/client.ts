/**
 * Creating an orgplane.io review (QuotaReview, AccessReview, WhoCanReview) and reading back its
 * answer, through client-node (discovery-resolved path), with the server's Status message as the
 * error; plus the few reads the commands use to pick their defaults.
 */
import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import { messageOf, ServerError } from '../gitops/client.js';

export const API_VERSION = 'orgplane.io/v1alpha1';

export class ReviewClient {
  private readonly api: KubernetesObjectApi;

  constructor(kc: KubeConfig) {
    this.api = KubernetesObjectApi.makeApiClient(kc);
  }

  /** The server's answer to a review of `kind`. */
  async review<Status>(kind: string, spec: Record<string, unknown>): Promise<Status> {
    try {
      const body = { apiVersion: API_VERSION, kind, metadata: {}, spec };
      const out = (await this.api.create(body)) as unknown as { status?: Status };
      if (out.status === undefined) throw new Error(`the server answered a ${kind} without a status`);
      return out.status;
    } catch (err) {
      throw messageOf(err);
    }
  }

  /** One object, or undefined when it is absent or the caller may not read it. */
  async read(kind: string, name: string, namespace?: string): Promise<Record<string, unknown> | undefined> {
    try {
      const meta = { name, ...(namespace ? { namespace } : {}) };
      return (await this.api.read({ apiVersion: API_VERSION, kind, metadata: meta })) as unknown as Record<
        string,
        unknown
      >;
    } catch (err) {
      const e = messageOf(err);
      if (e instanceof ServerError && (e.code === 404 || e.code === 403)) return undefined;
      throw e;
    }
  }
}
