export * from './schema/customers';
export * from './schema/passkeys';
export * from './schema/recovery';
export * from './schema/ops';
export * from './schema/help';
export * from './schema/security';
