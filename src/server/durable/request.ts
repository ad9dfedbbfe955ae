// What a CREATE asks of durability: MS-SMB2 3.3.5.9.6 (DHnQ), 3.3.5.9.7 (DHnC), 3.3.5.9.10 (DH2Q) and
// 3.3.5.9.12 (DH2C). The version 2 contexts belong to the SMB 3.x dialect family; an older connection's
// CREATE carries them as contexts the server does not know, and they are ignored.

import { Dialect } from '../../protocol/constants.ts';
import { CreateContextName, type CreateContext } from '../../protocol/create-contexts.ts';
import {
  DURABLE_HANDLE_REQUEST_SIZE,
  decodeDurableHandleReconnect,
  decodeDurableHandleReconnectV2,
  decodeDurableHandleRequestV2,
} from '../../protocol/durable-contexts.ts';
import { invalidParameter } from '../../protocol/wire.ts';

/** The CreateGuid of an open made with DHnQ, which has none (MS-SMB2 3.3.5.9.12 compares against it). */
export const NO_CREATE_GUID = Buffer.alloc(16);

export type DurableRequest =
  | { kind: 'none' }
  /** DHnQ: make the open durable if its caching allows. */
  | { kind: 'request'; version: 1 }
  /** DH2Q: the same, with a timeout and the CreateGuid replays are recognised by. */
  | { kind: 'request'; version: 2; timeout: number; createGuid: Buffer }
  /** DHnC / DH2C: take over a disconnected durable open; DH2C names the CreateGuid it was made with. */
  | { kind: 'reconnect'; persistentFileId: bigint; createGuid: Buffer | undefined };

export function durableRequestOf(contexts: readonly CreateContext[], dialect: number): DurableRequest {
  const find = (name: string) => contexts.find((c) => c.name === name)?.data;
  const dhnq = find(CreateContextName.DURABLE_HANDLE_REQUEST);
  const dhnc = find(CreateContextName.DURABLE_HANDLE_RECONNECT);
  const v3 = dialect >= Dialect.SMB3_0;
  const dh2q = v3 ? find(CreateContextName.DURABLE_HANDLE_REQUEST_V2) : undefined;
  const dh2c = v3 ? find(CreateContextName.DURABLE_HANDLE_RECONNECT_V2) : undefined;

  // MS-SMB2 3.3.5.9.7 / 3.3.5.9.10 / 3.3.5.9.12: a version 2 context beside any other durable context
  // (DHnC with DHnQ aside, whose request is then ignored) is INVALID_PARAMETER.
  if ((dh2q || dh2c) && (dhnq || dhnc || (dh2q && dh2c))) throw invalidParameter('durable handle contexts of both versions');
  if (dhnc) {
    const r = decodeDurableHandleReconnect(dhnc);
    return { kind: 'reconnect', persistentFileId: r.persistentFileId, createGuid: undefined };
  }
  if (dh2c) {
    const r = decodeDurableHandleReconnectV2(dh2c);
    return { kind: 'reconnect', persistentFileId: r.persistentFileId, createGuid: Buffer.from(r.createGuid) };
  }
  if (dh2q) {
    const r = decodeDurableHandleRequestV2(dh2q);
    return { kind: 'request', version: 2, timeout: r.timeout, createGuid: Buffer.from(r.createGuid) };
  }
  if (dhnq) {
    if (dhnq.length < DURABLE_HANDLE_REQUEST_SIZE) throw invalidParameter(`SMB2_CREATE_DURABLE_HANDLE_REQUEST: ${dhnq.length} bytes`);
    return { kind: 'request', version: 1 };
  }
  return { kind: 'none' };
}
