// MS-SMB2 3.3.1.6 Per Share: what a tree connect binds to.

import type { ShareDriver } from '../../ios/types.ts';
import type { NotifyManager } from '../notify/manager.ts';
import type { EncryptionPolicy } from '../options.ts';

export interface Share {
  /** Name as configured; matched case-insensitively. */
  readonly name: string;
  readonly kind: 'disk' | 'pipe';
  readonly driver: ShareDriver | undefined;
  readonly remark: string;
  readonly path: string;
  readonly encryption: EncryptionPolicy;
  readonly readOnly: boolean;
  /** Where changes to the share are reported and watched (CHANGE_NOTIFY); disk shares only. */
  readonly notify?: NotifyManager;
  /** Owner SID of objects without a stored security descriptor; BUILTIN\Administrators when absent. */
  readonly owner?: string;
}
