// npm run demo — migrate + seed the embedded database, build if needed, and serve with DEMO_MODE=1
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { envValue } from '../lib/config/env';
import { SERVER_NODE_FLAGS } from '../lib/http/server-flags.mjs';

// A launcher: it reads the environment through lib/config/env.ts like the app, and fills in what the
// demo needs before it starts the server with that environment.

const root = process.cwd();
mkdirSync(path.join(root, '.data'), { recursive: true });
const secretFile = path.join(root, '.data', 'auth-secret');
if (!envValue('AUTH_SECRET')) {
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(secretFile, 'utf8').trim();
}
// The audit checkpoints' Ed25519 key, made once like the secret above (production keeps it outside the
// host's disk: docs/operations.md). The public key is written beside it for `npm run audit:verify`.
const auditKeyFile = path.join(root, '.data', 'audit-signing-key.pem');
const auditPublicFile = path.join(root, '.data', 'audit-public-key.pem');
if (!envValue('AUDIT_SIGNING_KEY')) {
  if (!existsSync(auditKeyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(auditKeyFile, String(privateKey.export({ format: 'pem', type: 'pkcs8' })), { mode: 0o600 });
    writeFileSync(auditPublicFile, String(publicKey.export({ format: 'pem', type: 'spki' })));
  }
  process.env.AUDIT_SIGNING_KEY = readFileSync(auditKeyFile, 'utf8');
}
const port = String(envValue('PORT'));
// The forgotten-password flow waits 24 h before it can be resumed; the demo waits 60 s unless the
// environment says otherwise (a value that is set wins over this default).
const childEnv: NodeJS.ProcessEnv = { PASSWORD_RESET_WAIT_SECONDS: '60', ...process.env, DEMO_MODE: '1', PORT: port };
const waitSeconds = childEnv.PASSWORD_RESET_WAIT_SECONDS;

const run = (cmd: string, args: string[], extra: Record<string, string> = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...childEnv, ...extra } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// The embedded database may be opened by one process at a time: seed first, then start the server.
run('npx', ['tsx', 'scripts/seed.ts']);
if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || process.argv.includes('--rebuild')) {
  console.log('Building the production app (first run only)…');
  run('npx', ['next', 'build'], { NODE_ENV: 'production' });
}

console.log(`
  ログインヘルプ (demo) → http://localhost:${port}/login

  Customers (password Passw0rd!demo, secret answer ポチ)
    demo-locked   取引暗証番号 1357 · passkeys on, password login refused — recover at /recovery
    demo-normal   取引暗証番号 2468 · no passkey, password login works
  Forgotten password: /recovery/password — the wait before resuming is ${waitSeconds} s in this demo
    (PASSWORD_RESET_WAIT_SECONDS; 24 h in production). Forgotten login ID: /recovery/login-id
  Staff at /staff/login (password Staff-passw0rd!)
    operator@example.jp · operator2@example.jp · admin@example.jp · viewer@example.jp
  Demo mailbox (OTP codes): http://localhost:${port}/dev/mailbox
  Audit checkpoints are signed with .data/audit-signing-key.pem; check them with
    AUDIT_PUBLIC_KEY="$(cat .data/audit-public-key.pem)" npm run audit:verify   (with the server stopped)
`);
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server.mjs'], {
  stdio: 'inherit',
  env: { ...childEnv, NODE_ENV: 'production' },
});
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
