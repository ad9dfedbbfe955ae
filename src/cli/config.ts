// smb3d configuration: the YAML file and the command line describe the same thing, a DaemonConfig,
// which becomes typed ServerOptions. Every mistake is reported as a ConfigError with one clear line.

import fs from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { EncryptionPolicy, SigningPolicy } from '../server/options.ts';
import type { LogLevel } from '../logging.ts';
import type { MetadataBackend } from '../ios/posix/metadata/select.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ShareConfig {
  name: string;
  path: string;
  readOnly: boolean;
  encryption: EncryptionPolicy | undefined;
  remark: string;
  /** Where DOS attributes, streams, EAs and security descriptors live (PosixDriverOptions.metadata). */
  metadata: MetadataBackend | undefined;
  /** The folder for stream data and the sidecar database (PosixDriverOptions.metadataDirectory). */
  metadataDirectory: string | undefined;
}

export interface DaemonConfig {
  listen: { host: string; port: number }[];
  serverName: string | undefined;
  domain: string | undefined;
  signing: SigningPolicy;
  encryption: EncryptionPolicy;
  guest: boolean;
  /** Null sessions (empty user name and password) are accepted. */
  anonymous: boolean;
  users: { name: string; password: string; admin?: boolean }[];
  shares: ShareConfig[];
  logLevel: LogLevel;
  logFile: string | undefined;
  sessionExpirySeconds: number;
  /** Durable handles are granted (ServerOptions.durableHandles). */
  durableHandles: boolean;
}

export function defaultConfig(): DaemonConfig {
  return {
    listen: [],
    serverName: undefined,
    domain: undefined,
    signing: 'enabled',
    encryption: 'enabled',
    guest: false,
    anonymous: false,
    users: [],
    shares: [],
    logLevel: 'info',
    logFile: undefined,
    sessionExpirySeconds: 0,
    durableHandles: true,
  };
}

/** "HOST:PORT", "[::1]:PORT" or ":PORT". */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`listen address "${value}" is not HOST:PORT`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/** "NAME=PATH" */
export function parseShareFlag(value: string): ShareConfig {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new ConfigError(`share "${value}" is not NAME=PATH`);
  return {
    name: checkShareName(value.slice(0, eq)),
    path: value.slice(eq + 1),
    readOnly: false,
    encryption: undefined,
    remark: '',
    metadata: undefined,
    metadataDirectory: undefined,
  };
}

/** "NAME:PASSWORD" */
export function parseUserFlag(value: string): { name: string; password: string } {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new ConfigError(`user "${value}" is not NAME:PASSWORD`);
  return { name: value.slice(0, colon), password: value.slice(colon + 1) };
}

/** MS-SRVS 2.2.4.22: share names are at most 80 characters, without \\ / : * ? " < > |. */
function checkShareName(name: string): string {
  if (name.length === 0 || name.length > 80 || /[\\/:*?"<>|\x00-\x1f]/.test(name)) throw new ConfigError(`share name "${name}" is not valid`);
  if (name.toLowerCase() === 'ipc$') throw new ConfigError('share name "IPC$" is reserved');
  return name;
}

const signingPolicies: readonly SigningPolicy[] = ['enabled', 'required'];
const encryptionPolicies: readonly EncryptionPolicy[] = ['disabled', 'enabled', 'desired', 'required'];
const metadataBackends: readonly MetadataBackend[] = ['auto', 'xattr', 'sidecar'];
const logLevels: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'silent'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new ConfigError(`${where} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function str(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${where} must be a non-empty string`);
  return value;
}

function bool(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(`${where} must be true or false`);
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ConfigError(`${where} must be a list`);
  return value;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where} must be a mapping`);
  return value as Record<string, unknown>;
}

const KNOWN_KEYS = new Set(['listen', 'server', 'signing', 'encryption', 'guest', 'anonymous', 'users', 'shares', 'log', 'sessionExpirySeconds', 'durableHandles']);

/** Reads a YAML config file into `into` (the command line is applied afterwards). */
export async function loadConfigFile(file: string, into: DaemonConfig): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return;
  const root = record(doc, file);
  for (const key of Object.keys(root)) if (!KNOWN_KEYS.has(key)) throw new ConfigError(`${file}: unknown setting "${key}"`);
  if (root.listen !== undefined) into.listen.push(...list(root.listen, 'listen').map((v) => parseListen(str(v, 'listen entry'))));
  if (root.server !== undefined) {
    const server = record(root.server, 'server');
    if (server.name !== undefined) into.serverName = str(server.name, 'server.name');
    if (server.domain !== undefined) into.domain = str(server.domain, 'server.domain');
  }
  if (root.signing !== undefined) into.signing = oneOf(root.signing, signingPolicies, 'signing');
  if (root.encryption !== undefined) into.encryption = oneOf(root.encryption, encryptionPolicies, 'encryption');
  if (root.guest !== undefined) into.guest = bool(root.guest, 'guest');
  if (root.anonymous !== undefined) into.anonymous = bool(root.anonymous, 'anonymous');
  if (root.sessionExpirySeconds !== undefined) {
    const v = root.sessionExpirySeconds;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ConfigError('sessionExpirySeconds must be a whole number of seconds');
    into.sessionExpirySeconds = v;
  }
  if (root.durableHandles !== undefined) into.durableHandles = bool(root.durableHandles, 'durableHandles');
  for (const [i, u] of (root.users === undefined ? [] : list(root.users, 'users')).entries()) {
    const user = record(u, `users[${i}]`);
    into.users.push({
      name: str(user.name, `users[${i}].name`),
      password: typeof user.password === 'string' ? user.password : str(user.password, `users[${i}].password`),
      admin: user.admin === undefined ? false : bool(user.admin, `users[${i}].admin`),
    });
  }
  for (const [i, s] of (root.shares === undefined ? [] : list(root.shares, 'shares')).entries()) {
    const share = record(s, `shares[${i}]`);
    into.shares.push({
      name: checkShareName(str(share.name, `shares[${i}].name`)),
      path: str(share.path, `shares[${i}].path`),
      readOnly: share.readOnly === undefined ? false : bool(share.readOnly, `shares[${i}].readOnly`),
      encryption: share.encryption === undefined ? undefined : oneOf(share.encryption, encryptionPolicies, `shares[${i}].encryption`),
      remark: share.remark === undefined ? '' : str(share.remark, `shares[${i}].remark`),
      metadata: share.metadata === undefined ? undefined : oneOf(share.metadata, metadataBackends, `shares[${i}].metadata`),
      metadataDirectory: share.metadataDirectory === undefined ? undefined : str(share.metadataDirectory, `shares[${i}].metadataDirectory`),
    });
  }
  if (root.log !== undefined) {
    const log = record(root.log, 'log');
    if (log.level !== undefined) into.logLevel = oneOf(log.level, logLevels, 'log.level');
    if (log.file !== undefined) into.logFile = str(log.file, 'log.file');
  }
}
