/**
 * Network-shaped string formats, matching the Go functions kube-openapi's registry calls:
 * net.ParseIP (Go ≥ 1.17: no leading zeros in IPv4), net.ParseCIDR, net.ParseMAC,
 * url.ParseRequestURI, net/mail.ParseAddress and strfmt's hostname rule.
 */
import { byteLength } from '../validation/json.js';

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

export function parseIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p) && Number(p) <= 255);
}

/** Go's parseIPv6: hex groups, one `::`, an optional trailing IPv4 part; no zone. */
export function parseIPv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? '';
    if (i === all.length - 1 && g.includes('.')) {
      if (!parseIPv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

export const parseIP = (s: string): boolean => parseIPv4(s) || parseIPv6(s);

export function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  if (!/^[0-9]{1,9}$/.test(mask)) return false;
  const bits = parseIPv4(addr) ? 32 : parseIPv6(addr) ? 128 : 0;
  return bits > 0 && Number(mask) <= bits;
}

const MAC_RE =
  /^(?:[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2,3}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){9})$/;

/** net.ParseMAC: 6, 8 or 20 octets, one separator style throughout. */
export function isMAC(s: string): boolean {
  if (!MAC_RE.test(s)) return false;
  return !(s.includes(':') && s.includes('-'));
}

const HOST_CHAR = '[a-zA-Z0-9\\p{S}\\p{L}]';
const HOSTNAME_RE = new RegExp(
  `^(${HOST_CHAR}((-?${HOST_CHAR}{0,62})?)|(${HOST_CHAR}(([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}${HOST_CHAR})?)(\\.)){1,}(${HOST_CHAR})(-?${HOST_CHAR}){1,62})$`,
  'u',
);

/** strfmt.IsHostname: the RFC 1034 pattern, at most 255 bytes, labels at most 63 bytes. */
export function isHostname(s: string): boolean {
  if (!HOSTNAME_RE.test(s) || byteLength(s) > 255) return false;
  return s.split('.').every((p) => byteLength(p) <= 63);
}

const HOST_OK = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=<>"]|%[0-9A-Fa-f]{2})*$/;

function validAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close > 0 && /^(?::[0-9]*)?$/.test(host.slice(close + 1));
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^:[0-9]*$/.test(host.slice(colon))) return false;
  return HOST_OK.test(colon >= 0 ? host.slice(0, colon) : host);
}

function hasControlByte(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** govalidator.IsRequestURI (url.ParseRequestURI): an absolute URI or an absolute path. */
export function isRequestURI(s: string): boolean {
  if (s === '' || hasControlByte(s)) return false;
  if (s === '*') return true;
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s);
  if (!scheme) return s.startsWith('/');
  const rest = s.slice(scheme[0].length).split('?')[0] ?? '';
  if (!rest.startsWith('//')) return true;
  const afterSlashes = rest.slice(2);
  const slash = afterSlashes.indexOf('/');
  return validAuthority(slash < 0 ? afterSlashes : afterSlashes.slice(0, slash));
}

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\u{10FFFF}]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const ADDR_SPEC = `(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
const WORD = `(?:${ATEXT}+|${QUOTED})`;
const EMAIL_RE = new RegExp(
  `^[ \\t]*(?:${ADDR_SPEC}|(?:${WORD}(?:[ \\t]*(?:${WORD}|\\.))*[ \\t]*)?<${ADDR_SPEC}>)[ \\t]*$`,
  'u',
);

/** strfmt.IsEmail (net/mail.ParseAddress): `a@b` or `Name <a@b>`. */
export const isEmail = (s: string): boolean => EMAIL_RE.test(s);
