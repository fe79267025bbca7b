// postinstall: guards postgres.js 3.4.9 against an uncatchable crash (porsager/postgres#1154, #1208,
// fix proposed in #1209, unreleased). When PostgreSQL closes a connection (a killed backend, a restart,
// PgBouncer) while a small write is queued behind setImmediate, `nextWrite` dereferences the null
// socket and the TypeError takes the whole process down. The guard settles the queued query with
// CONNECTION_CLOSED instead, and the teardown paths forget the cancelled timer. Idempotent.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const MARK = '/* lhp-guard-null-socket */';
const files = ['node_modules/postgres/src/connection.js', 'node_modules/postgres/cjs/src/connection.js'];
for (const file of files) {
  if (!existsSync(file)) continue;
  let src = readFileSync(file, 'utf8');
  if (src.includes(MARK)) continue;
  const before = src;
  src = src.replace(
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) {\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options, socket))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  );
  src = src.replaceAll('\n    clearImmediate(nextWriteTimer)\n', '\n    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n');
  if (src === before || !src.includes(MARK)) {
    console.error(`patch-postgres: ${file} did not match the expected 3.4.9 source; not patched`);
    process.exitCode = 1;
    continue;
  }
  writeFileSync(file, src);
}
