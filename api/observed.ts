/**
 * status.observedGeneration of the kinds a controller reconciles, and the status default that makes
 * kstatus (Flux health checks, cli-utils appliers) answer InProgress rather than Current before a
 * controller has written any status: defaulting gives a new object `status: {observedGeneration: 0}`
 * (orgplane on create, Kubernetes on every read), which is behind its metadata.generation (1).
 */
import { Type, type TOptional } from '@sinclair/typebox';
import { Int64 } from './schema.js';

export const ObservedGeneration = (): TOptional<ReturnType<typeof Int64>> =>
  Type.Optional(
    Int64({
      description:
        'The metadata.generation the status was computed from; 0 until a controller has computed one.',
      minimum: 0,
      default: 0,
    }),
  );

/** Options of a status schema: absent status defaults to {} (and so observedGeneration to 0). */
export const STATUS_DEFAULT = { default: {} } as const;
