import { createHash } from 'node:crypto';
import { parseUuid } from '../ids';

/**
 * The audit chain hashes each row from exactly the values the database stores (docs/design.md, the
 * audit chain): the writer puts every field into its stored form first, and the verifier reads the
 * stored values back in the same form. Another spelling of the same input — an upper-case id, a
 * timestamp with more digits, a lone surrogate — therefore can never make a true row look tampered.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** Keys sorted recursively: the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Text as PostgreSQL keeps it: well-formed UTF-16 (a lone surrogate would become U+FFFD on the wire
 * anyway) and no NUL, which neither text nor jsonb accepts. Unicode normalization is left alone:
 * the database stores NFC and NFD as sent, and so does the hash.
 */
export function storedText(v: string): string {
  return v.toWellFormed().replace(/\u0000/g, '\uFFFD');
}

/** A value as jsonb gives it back: what JSON can say (no undefined, Dates as strings, no NaN), text as stored. */
export function storedJson(value: unknown): unknown {
  const plain = JSON.parse(
    JSON.stringify(value ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null',
  );
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return storedText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[storedText(k)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(plain);
}

/** A uuid column's value as stored (lower case, hyphenated); null for anything that is not one. */
export function storedUuid(v: string | null | undefined): string | null {
  return v == null ? null : parseUuid(v);
}

/** A free-text id (actor ids are text: staff and customer UUIDs, or a system name): UUIDs canonical. */
export function storedActorId(v: string | null | undefined): string | null {
  if (v == null) return null;
  return parseUuid(v) ?? storedText(v);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A timestamp as timestamptz stores it, in UTC to the microsecond: `YYYY-MM-DDTHH:MM:SS.ffffffZ`, or
 * `…SS.fffZ` (Date#toISOString) when the last three digits are zero — one spelling per instant.
 * Accepts a Date or an ISO 8601 string with any number of fractional digits (rounded half up to the
 * microsecond, as the database would) and any offset.
 */
export function storedTimestamp(v: Date | string): string {
  let seconds: number; // whole seconds since the epoch
  let micros: number;
  if (v instanceof Date) {
    const ms = v.getTime();
    if (!Number.isFinite(ms)) throw new TypeError('audit: invalid timestamp');
    seconds = Math.floor(ms / 1000);
    micros = (ms - seconds * 1000) * 1000;
  } else {
    const m = ISO.exec(v.trim());
    if (!m) throw new TypeError('audit: invalid timestamp');
    const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
    const base = Date.parse(
      `${y}-${mo}-${d}T${h}:${mi}:${s}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`,
    );
    if (!Number.isFinite(base)) throw new TypeError('audit: invalid timestamp');
    seconds = base / 1000;
    const digits = (frac + '0000000').slice(0, 7);
    micros = Math.floor(Number(digits) / 10) + (Number(digits[6]) >= 5 ? 1 : 0);
    if (micros === 1_000_000) {
      seconds += 1;
      micros = 0;
    }
  }
  const whole = new Date(seconds * 1000).toISOString().slice(0, 19);
  const us = String(micros).padStart(6, '0');
  return us.endsWith('000') ? `${whole}.${us.slice(0, 3)}Z` : `${whole}.${us}Z`;
}

/** The hashed fields of a row, each in its stored form. */
export type HashedFields = {
  at: string;
  actorType: string;
  actorId: string | null;
  customerId: string | null;
  action: string;
  flowId: string | null;
  ip: string | null;
  details: unknown;
};

/** sha256(previous hash + canonical JSON of the row), hex — the same the database computes on append. */
export function rowHash(prevHash: string, row: HashedFields): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(row))
    .digest('hex');
}
