import { customType } from 'drizzle-orm/pg-core';

/** bytea as Uint8Array on both drivers (postgres.js gives Buffer, PGlite Uint8Array). */
export const bytea = customType<{ data: Uint8Array<ArrayBuffer>; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => v,
  fromDriver: (v) => new Uint8Array(v),
});

/** tsvector built from a literal by lib/help (no parser, dictionary or locale involved). */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});
