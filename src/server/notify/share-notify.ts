// Wiring change notification into a disk share: its notify manager, fed by the reporting driver (changes
// made through the server) and by the backend watcher (changes made behind it), without the same change twice.

import type { ShareDriver } from '../../ios/types.ts';
import type { Logger } from '../../logging.ts';
import { backendChangeSource } from './backend-changes.ts';
import { LocalNotifyManager, type NotifyManager } from './manager.ts';
import { RecentChanges } from './recent-changes.ts';
import { reportingDriver } from './reporting-driver.ts';

/** The driver the server should use for the share, and the share's notify manager. */
export function withChangeNotify(driver: ShareDriver, log: Logger): { driver: ShareDriver; notify: NotifyManager } {
  const recent = new RecentChanges();
  const notify = new LocalNotifyManager(backendChangeSource(driver, recent, log));
  return { driver: reportingDriver(driver, notify, recent), notify };
}
