/** ApiRequestError: a failed call, holding the server's Status (message, reason, field causes). */
import type { Status } from './types';

export class ApiRequestError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `request failed (${String(status.code ?? 0)})`);
    this.name = 'ApiRequestError';
  }

  get code(): number {
    return this.status.code ?? 0;
  }
}

/** The Status of a failed response (a synthetic one when the body is not a Status). */
export async function statusOf(resp: Response): Promise<Status> {
  try {
    const body = (await resp.json()) as Partial<Status>;
    if (body.kind === 'Status') return { ...body, kind: 'Status', code: body.code ?? resp.status };
  } catch {
    // not JSON: fall through
  }
  return { kind: 'Status', code: resp.status, message: `${String(resp.status)} ${resp.statusText}` };
}
