// The Node flags the production server runs with: `npm start`, `npm run demo`, and the servers of the e2e tests
// and benchmarks (docs/operations.md#memory). package.json's `start` script writes them out; a unit test keeps it
// the same as this list.
//
// --max-old-space-size=512: V8 lets the heap grow past what is live by a factor it derives from this limit. With
// Node's default limit (a share of the machine's memory, gigabytes on a server) the factor is 4, and the heap of
// a busy server sat at 2-3 times its live objects (about 100 MiB, heap snapshots) before a full collection ran;
// at 512 MiB the factor is about 1.4, and RSS after three identical load passes stays under twice the idle RSS
// (docs/benchmarks.md#memory). 512 MiB is five times the live heap: raise it (here and in package.json) before
// holding much more in memory, e.g. a help corpus many times the 3,300 articles measured.
export const SERVER_NODE_FLAGS = ['--max-old-space-size=512'];
