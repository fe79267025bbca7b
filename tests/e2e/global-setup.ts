import { startServer, type RunningServer } from './server';

let server: RunningServer | undefined;

/** One production server with demo data for the whole e2e suite. */
export async function setup() {
  const port = Number(process.env.E2E_PORT ?? 3211);
  process.env.E2E_BASE_URL = `http://localhost:${port}`;
  server = await startServer({ port });
}

export async function teardown() {
  await server?.stop();
}
