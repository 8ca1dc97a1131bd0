/** The shapes the Members and Audit tabs read (only the fields they use; see api/*.ts on the server). */
import type { KubeObject } from '../../api/types';

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly apiGroup?: string;
  readonly namespace?: string;
}

export interface RoleBinding extends KubeObject {
  readonly subjects?: readonly Subject[];
  readonly roleRef: { readonly apiGroup: string; readonly kind: string; readonly name: string };
}

export interface Group extends KubeObject {
  readonly spec?: { readonly description?: string; readonly members?: readonly string[] };
}

export interface Team extends KubeObject {
  readonly spec?: { readonly parent?: string; readonly displayName?: string };
  readonly status?: { readonly namespace?: string; readonly path?: string };
}

export interface Role extends KubeObject {
  readonly rules?: readonly unknown[];
}

export interface AuditEvent extends KubeObject {
  readonly auditID: string;
  readonly verb: string;
  readonly requestURI?: string;
  readonly user: { readonly username?: string };
  readonly objectRef?: {
    readonly resource?: string;
    readonly namespace?: string;
    readonly name?: string;
    readonly subresource?: string;
  };
  readonly responseStatus?: { readonly code?: number; readonly message?: string };
  readonly requestReceivedTimestamp?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}
