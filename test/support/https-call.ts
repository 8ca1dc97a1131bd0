/** One HTTPS request with a JSON (or text) body, answered with status, headers, text and parsed JSON. */
import { request, type Agent } from 'node:https';

export interface CallOptions {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
  /** a bearer token; null sends none */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  /** give up (reject) when no answer came within this many milliseconds */
  readonly timeoutMs?: number;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** the body parsed as JSON (undefined when it is not JSON) */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Endpoint {
  readonly url: string;
  readonly agent: Agent;
  /** the token sent when the call names none */
  readonly token?: string;
}

export function httpsCall(
  ep: Endpoint,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const payload =
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string' || Buffer.isBuffer(opts.body)
          ? opts.body
          : JSON.stringify(opts.body);
    const token = opts.token === undefined ? ep.token : opts.token;
    const req = request(
      `${ep.url}${path}`,
      {
        method,
        agent: ep.agent,
        headers: {
          ...(payload !== undefined
            ? {
                'Content-Type': opts.contentType ?? 'application/json',
                'Content-Length': Buffer.byteLength(payload),
              }
            : {}),
          ...(opts.accept ? { Accept: opts.accept } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (opts.timeoutMs !== undefined)
      req.setTimeout(opts.timeoutMs, () =>
        req.destroy(new Error(`no answer in ${String(opts.timeoutMs)} ms`)),
      );
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
