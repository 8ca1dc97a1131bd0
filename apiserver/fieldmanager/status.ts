/** The Status bodies the field manager refuses with (the caller sends them as they are). */
import type { Status, StatusCause } from '../../api/meta.js';

export function badRequestStatus(message: string, causes?: StatusCause[]): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'BadRequest',
    ...(causes && causes.length > 0 ? { details: { causes } } : {}),
    code: 400,
  };
}

/** `metadata.managedFields[0].operation: Unsupported value: ...`, several joined as kube does. */
export function causesMessage(causes: readonly StatusCause[]): string {
  const texts = causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
  return texts.length === 1 ? (texts[0] ?? '') : `[${texts.join(', ')}]`;
}
