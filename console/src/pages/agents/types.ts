/** The shapes the agents and secrets pages read (only the fields they use; see api/agent.ts, api/team.ts). */
import type { Condition, KubeObject } from '../../api/types';

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
  };
}

export interface Agent extends KubeObject {
  readonly spec?: {
    readonly model?: string;
    readonly instructions?: string;
    readonly description?: string;
    readonly tools?: readonly string[];
    readonly env?: readonly EnvVar[];
  };
  readonly status?: {
    readonly phase?: 'Pending' | 'Ready' | 'Suspended';
    readonly conditions?: readonly Condition[];
    readonly observedGeneration?: number;
  };
}

export interface Team extends KubeObject {
  readonly spec?: { readonly displayName?: string; readonly parent?: string };
  readonly status?: { readonly namespace?: string; readonly path?: string };
}

/** A Secret as listed: its values arrive too, and must never be rendered or kept (see secret-keys.ts). */
export interface Secret extends KubeObject {
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
}

export interface KubeEvent extends KubeObject {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly lastTimestamp?: string;
  readonly eventTime?: string;
  readonly involvedObject?: { readonly kind?: string; readonly name?: string; readonly uid?: string };
}
