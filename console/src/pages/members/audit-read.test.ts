import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { HOUR_PAGE_MAX, PAGE_SIZE, hourLabel, previousHour } from './audit';
import { readPage } from './audit-read';

const path = '/apis/orgplane.io/v1alpha1/namespaces/acme/auditevents';
const pad = (n: number): string => String(n).padStart(2, '0');
const event = (n: number, hour: string) => ({
  metadata: { name: `e${String(n).padStart(4, '0')}` },
  auditID: `e${String(n)}`,
  verb: 'get',
  user: { username: 'ann' },
  requestReceivedTimestamp: `${hour}:${pad(Math.floor(n / 60))}:${pad(n % 60)}Z`,
});

/** A fake API: `perHour` events in each hour, served PAGE_SIZE at a time with continue tokens. */
function serve(perHour: Record<string, number>): string[] {
  const asked: string[] = [];
  const fake = (input: string | URL | Request): Promise<Response> => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'https://x',
    );
    asked.push(url.search);
    const hour = (url.searchParams.get('labelSelector') ?? '').split('=')[1] ?? '';
    const from = Number(url.searchParams.get('continue') ?? '0');
    const total = perHour[hour] ?? 0;
    const end = Math.min(total, from + PAGE_SIZE);
    const items = Array.from({ length: end - from }, (_, i) => event(from + i, hour));
    const body = {
      metadata: { resourceVersion: '7', ...(end < total ? { continue: String(end) } : {}) },
      items,
    };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
  jest.spyOn(globalThis, 'fetch').mockImplementation(fake);
  return asked;
}

afterEach(() => {
  jest.restoreAllMocks();
});

const now = hourLabel(new Date());
const signal = new AbortController().signal;
const filter = { deniedOnly: false, user: '' };

describe('readPage', () => {
  it('skips empty hours and reads a whole hour with limit/continue, newest first', async () => {
    const earlier = previousHour(previousHour(now));
    const asked = serve({ [earlier]: PAGE_SIZE + 5 });
    const page = await readPage(path, { hour: now }, filter, signal);
    expect(page.hour).toBe(earlier);
    expect(page.items).toHaveLength(PAGE_SIZE + 5);
    expect(page.items[0]?.metadata.name).toBe(`e${String(PAGE_SIZE + 4).padStart(4, '0')}`);
    expect(page.next).toEqual({ hour: previousHour(earlier) });
    expect(asked.every((q) => q.includes(`limit=${String(PAGE_SIZE)}`))).toBe(true);
    expect(asked).toHaveLength(4);
  });

  it('goes on with the same hour on the next page past HOUR_PAGE_MAX', async () => {
    serve({ [now]: HOUR_PAGE_MAX + 1 });
    const page = await readPage(path, { hour: now }, filter, signal);
    expect(page.items).toHaveLength(HOUR_PAGE_MAX);
    expect(page.next).toEqual({ hour: now, continue: String(HOUR_PAGE_MAX) });
    const rest = await readPage(path, page.next ?? { hour: now }, filter, signal);
    expect(rest.items).toHaveLength(1);
  });

  it('ends at the retention with no older page', async () => {
    serve({});
    const page = await readPage(path, { hour: now }, filter, signal);
    expect(page.items).toEqual([]);
    expect(page.next).toBeUndefined();
  });
});
