// MS-SMB2 2.2.31.3 NETWORK_RESILIENCY_REQUEST: the input of FSCTL_LMR_REQUEST_RESILIENCY.

import { decodeStruct, encodeStruct, invalidParameter, type StructDeclaration } from '../wire.ts';

export interface NetworkResiliencyRequest {
  /** Milliseconds the server keeps the open after the connection is lost; 0 lets the server choose. */
  timeout: number;
}

export const NetworkResiliencyRequestDeclaration: StructDeclaration<NetworkResiliencyRequest> = {
  title: 'NETWORK_RESILIENCY_REQUEST',
  section: 'MS-SMB2 2.2.31.3',
  fields: [
    { kind: 'u32', name: 'timeout' },
    { kind: 'reserved', length: 4 },
  ],
  buffers: [],
};

export const NETWORK_RESILIENCY_REQUEST_SIZE = 8;

export function decodeNetworkResiliencyRequest(input: Buffer): NetworkResiliencyRequest {
  if (input.length < NETWORK_RESILIENCY_REQUEST_SIZE) throw invalidParameter(`NETWORK_RESILIENCY_REQUEST: ${input.length} bytes`);
  return decodeStruct(NetworkResiliencyRequestDeclaration, input, 0);
}

export const encodeNetworkResiliencyRequest = (r: NetworkResiliencyRequest): Buffer => encodeStruct(NetworkResiliencyRequestDeclaration, r, 0);
