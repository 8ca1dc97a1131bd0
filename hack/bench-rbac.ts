/**
 * Authorization overhead: p50/p99 of listing 1,000 Agents (one request at a time) as the bootstrap
 * admin (system:masters: decided before RBAC) and as an org-admin user (RBAC decides from its
 * index), on the embedded store. Prints both and the difference.
 *   npx tsx hack/bench-rbac.ts [--agents 1000] [--requests 300]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchServer } from './bench-support.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1] ?? def) : def;
};
const AGENTS = arg('agents', 1000);
const REQUESTS = arg('requests', 300);
const NS = 'bench-rbac';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const dir = await mkdtemp(join(tmpdir(), 'orgplane-bench-rbac-'));
const server = await benchServer(dir, { audit: { logPath: '' } });
const agent = new Agent({ ca: server.caCert, keepAlive: true, maxSockets: 64 });

function call(
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ code: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${server.url}${path}`,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          resolve({ code: res.statusCode ?? 0, text });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function must(token: string, method: string, path: string, body: unknown): Promise<string> {
  const r = await call(token, method, path, body);
  if (r.code >= 300) throw new Error(`${method} ${path}: ${r.code} ${r.text}`);
  return r.text;
}

try {
  const admin = server.adminToken;
  const g = '/apis/orgplane.io/v1alpha1';
  await must(admin, 'POST', `${g}/organizations`, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Organization',
    metadata: { name: NS },
  });
  for (let i = 0; i < AGENTS; i += 64) {
    await Promise.all(
      Array.from({ length: Math.min(64, AGENTS - i) }, (_, j) =>
        must(admin, 'POST', `${g}/namespaces/${NS}/agents`, {
          apiVersion: 'orgplane.io/v1alpha1',
          kind: 'Agent',
          metadata: { name: `a-${i + j}` },
          spec: { model: 'm' },
        }),
      ),
    );
  }
  await must(admin, 'POST', `${g}/serviceaccounts`, {
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'ServiceAccount',
    metadata: { name: 'alice' },
  });
  await must(admin, 'POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'alice-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'org-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
  });
  const tr = JSON.parse(
    await must(admin, 'POST', `${g}/serviceaccounts/alice/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    }),
  ) as { status: { token: string } };
  const path = `${g}/namespaces/${NS}/agents`;
  const measure = async (token: string): Promise<number[]> => {
    const lat: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const r = await call(token, 'GET', path);
      lat.push(performance.now() - t0);
      if (r.code !== 200) throw new Error(`list answered ${r.code}`);
    }
    return lat;
  };
  await measure(admin);
  await measure(tr.status.token);
  const rounds: { masters: number; rbac: number }[] = [];
  for (let round = 0; round < 3; round++) {
    const m = pct(await measure(admin), 50);
    const r = pct(await measure(tr.status.token), 50);
    rounds.push({ masters: m, rbac: r });
    console.log(
      `round ${round + 1}: list of ${AGENTS} agents p50 as admin ${m.toFixed(2)} ms, as org-admin via RBAC ${r.toFixed(2)} ms`,
    );
  }
  const med = (xs: number[]): number => pct(xs, 50);
  const m = med(rounds.map((x) => x.masters));
  const r = med(rounds.map((x) => x.rbac));
  console.log(
    `median p50: admin (no RBAC evaluation) ${m.toFixed(2)} ms, RBAC user ${r.toFixed(2)} ms, overhead ${(r - m).toFixed(2)} ms (${(((r - m) / m) * 100).toFixed(1)} %)`,
  );
} finally {
  agent.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
