import { parse, protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { pgErrorCode } from './tx';

/**
 * Prepared statements for PGlite. Its `query()` sends every statement as six protocol messages, each
 * a separate trip into the WASM backend, and parses and plans it again each time: about 1.2 ms a
 * query beyond the work itself, on Node's main thread. Here a statement with parameters is parsed
 * and described once (a named statement), and each run is one trip: Bind + Describe + Execute +
 * Sync. Results come back through PGlite's own result parser, in the same shape as `query()`.
 * Transactions (`transaction()`) and statements without parameters (migrations, DDL) keep PGlite's
 * own path, and so does any statement matching `planEachTime` (full-text searches: a generic plan
 * cannot know a tsquery's selectivity).
 *
 * It uses PGlite's exclusive-run locks as `query()` does, so it never runs inside another caller's
 * transaction. Pinned to PGlite 0.5.x (package.json), whose internals it relies on.
 */
const MAX_STATEMENTS = 500;

type Statement = { name: string; paramTypes: number[] };
type QueryFn = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function preparePGliteStatements(pg: PGlite, planEachTime: RegExp): void {
  const s = protocol.serialize;
  const statements = new Map<string, Statement>();
  const original: QueryFn = pg.query.bind(pg);
  let serial = 0;

  async function prepare(text: string, options?: QueryOptions): Promise<Statement> {
    const name = `lhp_${++serial}`;
    const res = await pg.execProtocol(
      concat([s.parse({ name, text, types: options?.paramTypes }), s.describe({ type: 'S', name }), s.sync()]),
      { syncToFs: false },
    );
    const described = res.messages.find((m) => m.name === 'parameterDescription') as
      { dataTypeIDs?: number[] } | undefined;
    const statement = { name, paramTypes: described?.dataTypeIDs ?? [] };
    statements.set(text, statement);
    return statement;
  }

  const fast: QueryFn = async <T>(
    text: string,
    params: unknown[] = [],
    options?: QueryOptions,
  ): Promise<Results<T>> => {
    if (
      !params.length ||
      options?.blob ||
      planEachTime.test(text) ||
      (statements.size >= MAX_STATEMENTS && !statements.has(text))
    ) {
      return original<T>(text, params, options);
    }
    const run = () =>
      pg._runExclusiveTransaction(() =>
        pg._runExclusiveQuery(async () => {
          const statement = statements.get(text) ?? (await prepare(text, options));
          const values = params.map((v, i) => {
            if (v === null || v === undefined) return null;
            const type = statement.paramTypes[i];
            const serializer = options?.serializers?.[type] ?? pg.serializers[type];
            return serializer ? serializer(v) : String(v);
          });
          const res = await pg.execProtocol(
            concat([s.bind({ statement: statement.name, values }), s.describe({ type: 'P' }), s.execute({}), s.sync()]),
            { syncToFs: false },
          );
          await pg.syncToFs();
          return parse.parseResults(res.messages, pg.parsers, options)[0] as Results<T>;
        }),
      );
    try {
      return await run();
    } catch (err) {
      // A table changed under a prepared statement ("cached plan must not change result type"): prepare again once.
      if (pgErrorCode(err) !== '0A000' || !statements.delete(text)) throw err;
      return run();
    }
  };
  pg.query = fast as PGlite['query'];
}
