// Chooses where a share keeps its metadata, once, when the driver starts.
//
// 'auto' keeps a share on the backend it already uses: a share with a sidecar database stays on it (its
// metadata is there). Otherwise xattrs are used when fs-xattr is installed and the root accepts a user.*
// attribute (tmpfs before Linux 6.6, some network and FUSE file systems refuse them), and the sidecar database
// when not.

import { join } from 'node:path';
import { DriverError } from '../../types.ts';
import { pathExists } from '../paths.ts';
import { StreamStore } from '../streams.ts';
import { ObjectMetadata } from './object-metadata.ts';
import { SIDECAR_DATABASE, SidecarStore } from './sidecar-store.ts';
import type { MetadataStore } from './store.ts';
import { loadXattrModule, xattrsWork, XattrStore } from './xattr-store.ts';

export type MetadataBackend = 'auto' | 'xattr' | 'sidecar';

export interface MetadataSetup {
  backend: MetadataBackend;
  /** Real path of the share root, where xattr support is probed. */
  root: string;
  /** The metadata directory: stream files, and the database of the sidecar backend. */
  directory: string;
  readOnly: boolean;
}

export async function openMetadata(setup: MetadataSetup): Promise<ObjectMetadata> {
  return new ObjectMetadata(await openStore(setup), new StreamStore(setup.directory));
}

async function openStore(setup: MetadataSetup): Promise<MetadataStore> {
  const database = join(setup.directory, SIDECAR_DATABASE);
  const sidecar = () => new SidecarStore(database, setup.readOnly);
  if (setup.backend === 'sidecar') return sidecar();
  if (setup.backend === 'auto' && (await pathExists(database))) return sidecar();
  const module = await loadXattrModule();
  if (module !== undefined && (await xattrsWork(module, setup.root, setup.readOnly))) return new XattrStore(module);
  if (setup.backend === 'auto') return sidecar();
  throw new DriverError(
    'not-supported',
    module === undefined ? 'the fs-xattr package is not installed' : `${setup.root} does not accept user.* extended attributes`,
  );
}
