/**
 * The billing configuration file (`--billing-config FILE`, YAML):
 *   lago:   {apiUrl: http://127.0.0.1:3000/api/v1, apiKeyEnv: LAGO_API_KEY}
 *   stripe: {apiBase: http://127.0.0.1:12111, apiKeyEnv: STRIPE_API_KEY}
 * A provider absent from the file is not used. Keys are read only from the environment variables
 * named; a named variable that is unset is an error. Optional `timeoutSeconds` per provider.
 */
import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';

export interface LagoConfig {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

export interface StripeConfig {
  readonly apiBase: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

export interface BillingConfig {
  readonly lago?: LagoConfig;
  readonly stripe?: StripeConfig;
}

const DEFAULT_TIMEOUT_MS = 10_000;
type Env = Readonly<Record<string, string | undefined>>;

function section(doc: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = doc[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`${name}: must be a mapping`);
  return v as Record<string, unknown>;
}

function url(s: Record<string, unknown>, provider: string, field: string): string {
  const v = s[field];
  if (typeof v !== 'string' || !/^https?:\/\/[^/\s]+/.test(v))
    throw new Error(`${provider}.${field}: must be an http(s) URL`);
  return v.replace(/\/+$/, '');
}

function apiKey(s: Record<string, unknown>, provider: string, env: Env): string {
  const name = s['apiKeyEnv'];
  if (typeof name !== 'string' || name === '')
    throw new Error(`${provider}.apiKeyEnv: must name an environment variable`);
  const key = env[name];
  if (key === undefined || key === '')
    throw new Error(`${provider}.apiKeyEnv: environment variable ${name} is not set`);
  return key;
}

function timeoutMs(s: Record<string, unknown>, provider: string): number {
  const v = s['timeoutSeconds'];
  if (v === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof v !== 'number' || !(v > 0))
    throw new Error(`${provider}.timeoutSeconds: must be a positive number`);
  return v * 1000;
}

/** Parse the file's text; errors are one line naming the field. */
export function parseBillingConfig(text: string, env: Env = process.env): BillingConfig {
  if (text.trim() === '') return {};
  const doc: unknown = load(text);
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('must be a YAML mapping');
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (k !== 'lago' && k !== 'stripe') throw new Error(`unknown provider "${k}" (known: lago, stripe)`);
  }
  const lago = section(d, 'lago');
  const stripe = section(d, 'stripe');
  return {
    ...(lago
      ? {
          lago: {
            apiUrl: url(lago, 'lago', 'apiUrl'),
            apiKey: apiKey(lago, 'lago', env),
            timeoutMs: timeoutMs(lago, 'lago'),
          },
        }
      : {}),
    ...(stripe
      ? {
          stripe: {
            apiBase: url(stripe, 'stripe', 'apiBase'),
            apiKey: apiKey(stripe, 'stripe', env),
            timeoutMs: timeoutMs(stripe, 'stripe'),
          },
        }
      : {}),
  };
}

/** Read and parse FILE; any failure is one Error line starting with the file name. */
export async function loadBillingConfig(file: string, env: Env = process.env): Promise<BillingConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`billing config ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  try {
    return parseBillingConfig(text, env);
  } catch (err) {
    throw new Error(
      `billing config ${file}: ${err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)}`,
    );
  }
}
