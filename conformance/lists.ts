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
  fast: ['core'],
  slow: ['fast'],
};

/** Limit for a suite or test the table does not describe. */
export const DEFAULT_TIMEOUT_SECONDS = 300;
