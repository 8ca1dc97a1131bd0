/**
 * The bootstrap cluster-admin token: a random secret kept in the data dir (mode 0600) and written
 * into admin.kubeconfig. Compared in constant time.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import type { UserInfo } from '../../api/user.js';

export const BOOTSTRAP_ADMIN: UserInfo = {
  username: 'orgplane:bootstrap-admin',
  groups: ['system:masters', 'system:authenticated'],
};

export async function ensureBootstrapToken(dataDir: string): Promise<string> {
  const path = join(dataDir, 'bootstrap-token');
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const token = randomBytes(32).toString('base64url');
  await writeFile(path, token + '\n', { mode: 0o600 });
  return token;
}

export function bearerToken(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

export function staticTokenAuthenticator(
  token: string,
  user: UserInfo,
): (req: Request) => Promise<UserInfo | undefined> {
  const want = Buffer.from(token);
  return (req) => {
    const got = Buffer.from(bearerToken(req) ?? '');
    const ok = got.length === want.length && timingSafeEqual(got, want);
    return Promise.resolve(ok ? user : undefined);
  };
}
