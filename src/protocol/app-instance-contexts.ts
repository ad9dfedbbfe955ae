// MS-SMB2 2.2.13.2.13 SMB2_CREATE_APP_INSTANCE_ID: the application instance (a clustered VM, say) an open
// belongs to, so that when the instance moves to another node its new open can take the file over.

import { decodeStruct, encodeStruct, invalidParameter, type StructDeclaration } from './wire.ts';

export interface AppInstanceId {
  appInstanceId: Buffer;
}

export const AppInstanceIdDeclaration: StructDeclaration<AppInstanceId> = {
  title: 'SMB2_CREATE_APP_INSTANCE_ID',
  section: 'MS-SMB2 2.2.13.2.13',
  fields: [
    { kind: 'const', width: 'u16', value: 20 },
    { kind: 'reserved', length: 2 },
    { kind: 'bytes', name: 'appInstanceId', length: 16 },
  ],
  buffers: [],
};

export function decodeAppInstanceId(data: Buffer): AppInstanceId {
  if (data.length < 20) throw invalidParameter(`SMB2_CREATE_APP_INSTANCE_ID: ${data.length} bytes`);
  return decodeStruct(AppInstanceIdDeclaration, data, 0);
}

export const encodeAppInstanceId = (r: AppInstanceId): Buffer => encodeStruct(AppInstanceIdDeclaration, r, 0);
