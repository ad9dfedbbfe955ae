#!/usr/bin/env node
// smb3d: serve folders over SMB 2/3 from the command line or a YAML config file.

import { parseArgs } from 'node:util';
import { StaticIdentityProvider } from '../auth/static-identities.ts';
import { PosixDriver } from '../ios/posix/driver.ts';
import { DriverError } from '../ios/types.ts';
import { createLogger } from '../logging.ts';
import { createServer, type SmbServer } from '../server/server.ts';
import type { ShareOptions } from '../server/options.ts';
import { ConfigError, defaultConfig, loadConfigFile, parseListen, parseShareFlag, parseUserFlag, type DaemonConfig } from './config.ts';

const USAGE = `usage: smb3d [--listen HOST:PORT]... [--share NAME=PATH]... [--user NAME:PASSWORD]... [--config FILE]
               [--signing enabled|required] [--encryption disabled|enabled|desired|required] [--guest] [--anonymous] [--log-level LEVEL]

Serves each --share folder over SMB 2.0.2 to 3.1.1. Defaults: --listen 0.0.0.0:445.`;

async function configFromArgs(argv: string[]): Promise<DaemonConfig> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        listen: { type: 'string', multiple: true },
        share: { type: 'string', multiple: true },
        user: { type: 'string', multiple: true },
        config: { type: 'string' },
        signing: { type: 'string' },
        encryption: { type: 'string' },
        guest: { type: 'boolean' },
        anonymous: { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const config = defaultConfig();
  if (v.config) await loadConfigFile(v.config, config);
  for (const l of v.listen ?? []) config.listen.push(parseListen(l));
  for (const s of v.share ?? []) config.shares.push(parseShareFlag(s));
  for (const u of v.user ?? []) config.users.push(parseUserFlag(u));
  if (v.signing !== undefined) {
    if (v.signing !== 'enabled' && v.signing !== 'required') throw new ConfigError('--signing must be enabled or required');
    config.signing = v.signing;
  }
  if (v.encryption !== undefined) {
    const policies = ['disabled', 'enabled', 'desired', 'required'] as const;
    if (!policies.includes(v.encryption as (typeof policies)[number])) throw new ConfigError(`--encryption must be one of ${policies.join(', ')}`);
    config.encryption = v.encryption as (typeof policies)[number];
  }
  if (v.guest) config.guest = true;
  if (v.anonymous) config.anonymous = true;
  if (v['log-level'] !== undefined) {
    const levels = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
    if (!levels.includes(v['log-level'] as (typeof levels)[number])) throw new ConfigError(`--log-level must be one of ${levels.join(', ')}`);
    config.logLevel = v['log-level'] as (typeof levels)[number];
  }
  if (config.listen.length === 0) config.listen.push({ host: '0.0.0.0', port: 445 });
  if (config.shares.length === 0) throw new ConfigError('no shares: give --share NAME=PATH or shares in --config');
  const names = new Set<string>();
  for (const s of config.shares) {
    if (names.has(s.name.toLowerCase())) throw new ConfigError(`share "${s.name}" is defined twice`);
    names.add(s.name.toLowerCase());
  }
  const users = new Set<string>();
  for (const u of config.users) {
    if (users.has(u.name.toLowerCase())) throw new ConfigError(`user "${u.name}" is defined twice`);
    users.add(u.name.toLowerCase());
  }
  if (config.users.length === 0 && !config.guest) throw new ConfigError('no users: give --user NAME:PASSWORD, users in --config, or --guest');
  return config;
}

async function openShares(config: DaemonConfig): Promise<ShareOptions[]> {
  const shares: ShareOptions[] = [];
  for (const s of config.shares) {
    let driver: PosixDriver;
    try {
      driver = await PosixDriver.open({ root: s.path, readOnly: s.readOnly, metadata: s.metadata, metadataDirectory: s.metadataDirectory });
    } catch (error) {
      if (error instanceof DriverError) throw new ConfigError(`share "${s.name}": ${error.message}`);
      throw error;
    }
    shares.push({ name: s.name, driver, path: s.path, remark: s.remark, readOnly: s.readOnly, encryption: s.encryption });
  }
  return shares;
}

function describeListenError(error: NodeJS.ErrnoException, config: DaemonConfig): string {
  const where = config.listen.map((l) => `${l.host}:${l.port}`).join(', ');
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: address already in use`;
    case 'EACCES':
      return `cannot listen on ${where}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: no such local address`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}

async function main(): Promise<number> {
  let config: DaemonConfig;
  let server: SmbServer;
  try {
    config = await configFromArgs(process.argv.slice(2));
    const logger = createLogger(config.logLevel, config.logFile);
    server = createServer({
      shares: await openShares(config),
      identities: new StaticIdentityProvider({ users: config.users, guest: config.guest, anonymous: config.anonymous, domain: config.domain ?? 'WORKGROUP' }),
      serverName: config.serverName,
      domain: config.domain,
      listen: config.listen,
      signing: config.signing,
      encryption: config.encryption,
      sessionExpirySeconds: config.sessionExpirySeconds,
      durableHandles: config.durableHandles,
      logger,
    });
    try {
      await server.listen();
    } catch (error) {
      throw new ConfigError(describeListenError(error as NodeJS.ErrnoException, config));
    }
    const bound = server.addresses().map((a) => `${a.host}:${a.port}`).join(', ');
    logger.info({ listen: bound, shares: config.shares.map((s) => s.name) }, 'smb3d listening');
    process.stdout.write(`smb3d listening on ${bound}\n`);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`smb3d: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`smb3d: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
