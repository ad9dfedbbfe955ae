// The smbtorture suites the harness knows and the named lists that group them. Data only: run.ts
// resolves list names, suite names and single test names.

export interface SuiteSpec {
  /** Wall-clock limit for the whole smbtorture process; what has not reported by then counts as failed. */
  timeoutSeconds: number;
  /** Subtests (smbtorture full names) not run at all, each with the reason. */
  exclude?: Readonly<Record<string, string>>;
  /** Extra `--option=NAME=VALUE` settings for smbtorture, e.g. `torture:sharedelay=100000`. */
  options?: readonly string[];
}

const KERBEROS_ONLY = 'needs Kerberos (smbtorture -k yes); the harness authenticates with NTLM';

export const suites: Readonly<Record<string, SuiteSpec>> = {
  'smb2.connect': { timeoutSeconds: 60 },
  'smb2.credits': { timeoutSeconds: 120 },
  'smb2.compound': { timeoutSeconds: 240 },
  'smb2.compound_find': { timeoutSeconds: 240 },
  'smb2.lock': { timeoutSeconds: 120 },
  // Several subtests wait out a 35-second break timeout.
  'smb2.oplock': { timeoutSeconds: 600 },
  'smb2.lease': { timeoutSeconds: 600 },
  'smb2.ioctl': { timeoutSeconds: 180 },
  // mask runs 32 rounds of each operation with a 200 ms wait; dir sleeps 3 s; tree polls for up to 20 s.
  'smb2.notify': { timeoutSeconds: 300 },
  // Manual tests: they act on the file the options name (set-sparse-ioctl creates it; zero-data-ioctl only opens it).
  'smb2.set-sparse-ioctl': { timeoutSeconds: 60, options: ['torture:filename=testfile'] },
  'smb2.zero-data-ioctl': { timeoutSeconds: 60, options: ['torture:filename=testfile', 'torture:offset=0', 'torture:beyond_final_zero=1024'] },
  // The -windows variants wait out break timeouts; the whole suite takes a few minutes.
  'smb2.replay': { timeoutSeconds: 600 },
  'smb2.session': {
    timeoutSeconds: 300,
    exclude: {
      'smb2.session.expire1n': KERBEROS_ONLY,
      'smb2.session.expire1s': KERBEROS_ONLY,
      'smb2.session.expire1e': KERBEROS_ONLY,
      'smb2.session.expire2s': KERBEROS_ONLY,
      'smb2.session.expire2e': KERBEROS_ONLY,
      'smb2.session.expire_disconnect': KERBEROS_ONLY,
    },
  },
};

/** Each entry is a suite name, a single test's full name, or the name of another list. */
export const lists: Readonly<Record<string, readonly string[]>> = {
  core: ['smb2.connect', 'smb2.credits', 'smb2.compound', 'smb2.session'],
  /** File-system semantics (MS-FSA, MS-FSCC). */
  fs: [
    'smb2.setinfo',
    'smb2.getinfo',
    'smb2.create',
    'smb2.read',
    'smb2.rw',
    'smb2.mkdir',
    'smb2.dir',
    'smb2.compound_find',
    'smb2.compound_async',
    'smb2.streams',
    'smb2.create_no_streams',
    'smb2.acls',
    'smb2.sdread',
    'smb2.maximum_allowed',
    'smb2.rename',
    'smb2.delete-on-close-perms',
    'smb2.fileid',
    'smb2.timestamps',
    'smb2.timestamp_resolution',
    'smb2.deny',
    'smb2.sharemode',
    'smb2.openattr',
    'smb2.winattr',
    'smb2.dosmode',
    'smb2.ea',
    'smb2.charset',
    'smb2.tcon',
    'smb2.ioctl',
    'smb2.set-sparse-ioctl',
    'smb2.zero-data-ioctl',
    'smb2.ioctl-on-stream',
    'smb2.notify',
  ],
  /** Oplocks and leases (MS-SMB2 3.3.4.6, 3.3.4.7, 3.3.5.22; MS-FSA 2.1.4.12). */
  caching: ['smb2.oplock', 'smb2.lease'],
  /** Durable handles and replayed requests (MS-SMB2 3.3.5.9.6, 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12, 3.3.7.1). */
  durable: ['smb2.durable-open', 'smb2.durable-open-disconnect', 'smb2.durable-v2-open', 'smb2.durable-v2-delay', 'smb2.replay'],
  /** The replay subtests that cover what the rest of the suite does, in seconds rather than minutes. */
  'replay-fast': [
    'smb2.replay.replay-regular',
    'smb2.replay.replay-dhv2-oplock1',
    'smb2.replay.replay-dhv2-lease2',
    'smb2.replay.replay4',
    'smb2.replay.replay6',
    'smb2.replay.channel-sequence',
    'smb2.replay.dhv2-pending1n-vs-oplock-sane',
    'smb2.replay.dhv2-pending2l-vs-lease-sane',
  ],
  fast: ['core', 'smb2.compound_find', 'smb2.lock', 'smb2.durable-open', 'smb2.durable-open-disconnect', 'smb2.durable-v2-open', 'replay-fast'],
  slow: ['fast', 'caching'],
};

/** Limit for a suite or test the table does not describe. */
export const DEFAULT_TIMEOUT_SECONDS = 300;
