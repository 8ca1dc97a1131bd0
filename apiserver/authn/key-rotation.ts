/**
 * The token signing keys' admin endpoints (non-resource URLs, so RBAC grants them by
 * nonResourceURLs; only cluster-admin holds them by default):
 * - `GET /signing-keys`: every key's kid, dates and which one signs (no key material);
 * - `POST /signing-keys/rotate`: a new key signs new tokens from now on; the old ones keep
 *   verifying (and stay in /openid/v1/jwks) until every token they signed has expired.
 * Servers sharing the store see the rotation through their watch of the keys.
 */
import type { Router, Request, Response } from 'express';
import { sendJson } from '../http/respond.js';
import type { SigningKeys } from './signing-keys.js';

export const SIGNING_KEYS_PATH = '/signing-keys';
export const ROTATE_PATH = `${SIGNING_KEYS_PATH}/rotate`;

export function mountKeyRotation(app: Router, keys: SigningKeys): void {
  app.get(SIGNING_KEYS_PATH, (_req: Request, resp: Response) => {
    sendJson(resp, 200, { keys: keys.describe() });
  });
  app.post(ROTATE_PATH, async (_req: Request, resp: Response) => {
    const kid = await keys.rotate();
    sendJson(resp, 201, { kid, keys: keys.describe() });
  });
}
