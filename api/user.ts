/**
 * The caller's identity as authentication establishes it and every later layer reads it
 * (authentication.k8s.io/v1 UserInfo): authorization, admission, the registry and audit.
 */
export interface UserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}
