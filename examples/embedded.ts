// Serving a share from code: an in-memory share and a folder, one user, on a loopback port.
// Run with: node examples/embedded.ts [PORT]   (then: smbclient //127.0.0.1/scratch -p PORT -U alice%secret)

import os from 'node:os';
import { createLogger, createServer, MemoryDriver, PosixDriver, StaticIdentityProvider } from '../src/index.ts';

const port = Number(process.argv[2] ?? 4445);

const server = createServer({
  shares: [
    { name: 'scratch', driver: new MemoryDriver(), remark: 'in-memory scratch space' },
    { name: 'home', driver: await PosixDriver.open({ root: os.homedir(), readOnly: true }), path: os.homedir() },
  ],
  identities: new StaticIdentityProvider({ users: [{ name: 'alice', password: 'secret' }], guest: false, anonymous: false, domain: 'WORKGROUP' }),
  listen: [{ host: '127.0.0.1', port }],
  signing: 'required',
  logger: createLogger('info'),
});

await server.listen();
console.log(`serving //127.0.0.1/scratch and //127.0.0.1/home on port ${server.addresses()[0]!.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
