// The SMB2 messages real clients sent to Samba, from test/fixtures/golden/messages.json (provenance in the
// README there): inputs for tests that need genuine wire bytes.

import { readFileSync } from 'node:fs';

export interface GoldenMessage {
  client: 'impacket' | 'smbclient' | 'smbtorture';
  /** Dialect of the connection the message was captured on, named as in src/protocol/constants.ts. */
  dialect: string;
  direction: 'request' | 'response';
  /** MS-SMB2 2.2.1.2 command name, or SMB_COM_NEGOTIATE for the SMB1 multi-protocol negotiate. */
  command: string;
  status: string;
  /** The message from its header, without the Direct TCP framing. */
  bytes: Buffer;
}

interface Entry extends Omit<GoldenMessage, 'bytes'> {
  hex: string;
}

const entries: Entry[] = JSON.parse(readFileSync(new URL('../fixtures/golden/messages.json', import.meta.url), 'utf8'));

export const goldenMessages: readonly GoldenMessage[] = entries.map(({ hex, ...rest }) => ({ ...rest, bytes: Buffer.from(hex, 'hex') }));

export const goldenRequests: readonly GoldenMessage[] = goldenMessages.filter((m) => m.direction === 'request');

/** The first captured request matching `where`; throws when the fixture has none. */
export function goldenRequest(where: Partial<Omit<GoldenMessage, 'bytes'>>): GoldenMessage {
  const found = goldenRequests.find((m) => Object.entries(where).every(([k, v]) => m[k as keyof GoldenMessage] === v));
  if (!found) throw new Error(`no golden request matches ${JSON.stringify(where)}`);
  return found;
}
