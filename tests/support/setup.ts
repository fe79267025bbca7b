// Tests use the documented defaults (docs/design.md#security-rules) except where a test sets its own; hashing stays at production cost.
(process.env as Record<string, string>).NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123';
process.env.APP_ORIGIN ??= 'http://localhost:3000';
