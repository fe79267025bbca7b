import postgres from 'postgres';
import net from 'node:net';
const srv = net.createServer((s) => s.destroy());
await new Promise((r) => srv.listen(0, '127.0.0.1', r));
const port = srv.address().port;
const keep = setInterval(() => {}, 1000);
for (const [name, p] of [['reset', port], ['refused', 1]]) {
  const sql = postgres(`postgres://postgres@127.0.0.1:${p}/x`, { max: 2, onnotice() {} });
  const t = Date.now();
  try { await sql`select 1`; } catch (e) { console.log(name, Date.now() - t, e.code, e.message); }
  await sql.end({ timeout: 1 });
}
srv.close(); clearInterval(keep);
