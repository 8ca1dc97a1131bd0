/**
 * A stand-in for the console, served over HTTPS with the repo's self-signed TLS material, for the
 * test that proves the browser harness itself (test/console/harness.test.ts): sign-in forms
 * (password, token) labelled like the console's, a session cookie set the same way, one API path that needs it, and
 * a deliberately inaccessible page (/console/bad) that axeCheck must reject. Same CSP as the
 * console: no inline scripts.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTls } from '../../apiserver/bootstrap/certs.js';

export const FIXTURE_USER = { username: 'ada', password: 'correct horse battery staple' } as const;
export const FIXTURE_TOKEN = 'fixture-session-token-0123456789';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><header><p>orgplane</p></header><main><h1>Sign in</h1>
<form id="f"><label for="u">Username</label> <input id="u" autocomplete="username">
<label for="p">Password</label> <input id="p" type="password" autocomplete="current-password">
<button type="submit">Sign in</button></form>
<form id="t"><label for="k">Token</label> <textarea id="k"></textarea> <button type="submit">Sign in</button></form>
<p id="msg" role="alert"></p></main>
<script src="/console/app.js"></script></body></html>`;

const APP = `const submit = (form, creds) => document.getElementById(form).addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = JSON.stringify(creds());
  const r = await fetch('/console/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  if (!r.ok) { document.getElementById('msg').textContent = (await r.json()).message; return; }
  document.querySelector('main').innerHTML = '<h1>Organizations</h1><ul><li>globex</li></ul>';
});
submit('f', () => ({ username: document.getElementById('u').value, password: document.getElementById('p').value }));
submit('t', () => ({ token: document.getElementById('k').value }));`;

const BAD = `<!doctype html><html><body><img src="/x.png"><input type="text"></body></html>`;

export interface Fixture {
  readonly url: string;
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const send = (code: number, type: string, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(code, {
      'Content-Type': type,
      'Content-Security-Policy': "default-src 'self'",
      ...headers,
    });
    res.end(body);
  };
  const authed = (req.headers.cookie ?? '').includes(`orgplane-console=${FIXTURE_TOKEN}`);
  if (req.method === 'POST' && req.url === '/console/session') {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const { username, password, token } = JSON.parse(text) as Record<string, string | undefined>;
      if (
        (username === FIXTURE_USER.username && password === FIXTURE_USER.password) ||
        token === FIXTURE_TOKEN
      )
        send(200, 'application/json', JSON.stringify({ username }), {
          'Set-Cookie': `orgplane-console=${FIXTURE_TOKEN}; HttpOnly; Secure; SameSite=Strict; Path=/console/`,
        });
      else send(401, 'application/json', JSON.stringify({ message: 'invalid username or password' }));
    });
    return;
  }
  if (req.url === '/console/app.js') send(200, 'text/javascript', APP);
  else if (req.url === '/console/bad') send(200, 'text/html', BAD);
  else if (req.url?.startsWith('/console/api/')) send(authed ? 200 : 401, 'application/json', '{}');
  else send(200, 'text/html', PAGE);
}

export async function startFixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'orgplane-console-fixture-'));
  const tls = await ensureTls(dir);
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${String(port)}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
