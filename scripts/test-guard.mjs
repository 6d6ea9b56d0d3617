// Loaded into every test file's process (`--import`): an unhandled rejection or an uncaught
// exception fails the file, even one that comes after its tests passed and whatever the
// Node version's test runner makes of it. A library inside a server must never cause one.
const fail = (kind) => (error) => {
  process.exitCode = 1;
  process.stderr.write(`test-guard: ${kind} in ${process.argv[1] ?? 'a test file'}: ${error instanceof Error ? error.stack : String(error)}\n`);
};
process.on('unhandledRejection', fail('unhandled rejection'));
process.on('uncaughtException', fail('uncaught exception'));
