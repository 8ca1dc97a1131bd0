import { describe, expect, it } from '@jest/globals';
import type { UserInfo } from '../../api/user.js';
import { createTokenAuthenticator } from './authenticator.js';

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
/** an unsigned token naming an issuer: the verifier below decides, as the real ones do */
const token = (iss: string, sub: string): string => `${b64({ alg: 'none' })}.${b64({ iss, sub })}.sig`;

function authenticator(): { authenticate: (t: string) => Promise<UserInfo | undefined>; asked: string[] } {
  const asked: string[] = [];
  const authenticate = createTokenAuthenticator({
    issuers: () => ['https://ours'],
    serviceAccounts: (t) => {
      asked.push(t);
      return Promise.resolve(t.endsWith('.sig') ? { username: t.slice(-12), groups: [] } : undefined);
    },
  });
  return { authenticate, asked };
}

describe('createTokenAuthenticator', () => {
  it('asks the verifier of the issuer the token names, for every request of a remembered token', async () => {
    const { authenticate, asked } = authenticator();
    const t = token('https://ours', 'a');
    for (let i = 0; i < 3; i++) expect(await authenticate(t)).toBeDefined();
    expect(asked).toEqual([t, t, t]);
    expect(await authenticate(token('https://theirs', 'b'))).toBeUndefined();
    expect(await authenticate('not-a-jwt')).toBeUndefined();
    expect(asked).toHaveLength(3);
  });

  it('routes the same way past the tokens it remembers and for tokens too long to remember', async () => {
    const { authenticate } = authenticator();
    const first = token('https://ours', 'first');
    expect(await authenticate(first)).toBeDefined();
    for (let i = 0; i < 1100; i++)
      await authenticate(token(i % 2 === 0 ? 'https://ours' : 'https://x', `u${i}`));
    expect(await authenticate(first)).toBeDefined();
    expect(await authenticate(token('https://theirs', 'first'))).toBeUndefined();
    const long = token('https://ours', 'x'.repeat(5000));
    expect(await authenticate(long)).toBeDefined();
    expect(await authenticate(long)).toBeDefined();
  });
});
