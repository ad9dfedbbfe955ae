import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SpnegoAuthenticator, type AuthResult } from '../../src/auth/authenticator.ts';
import { MechOid, NegState, decodeNegotiationToken, encodeNegTokenInit, encodeNegTokenResp } from '../../src/auth/spnego.ts';
import { StaticIdentityProvider } from '../../src/auth/static-identities.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { goodLogon } from './helpers/smbclient-samba.ts';

const CLIENT = fileURLToPath(new URL('./helpers/impacket_client.py', import.meta.url));

interface ClientConfig {
  user: string;
  password: string;
  domain: string;
  mode: 'spnego' | 'raw' | 'kerberos-first';
  mechListMic: boolean;
  signing: boolean;
}

interface ImpacketResult {
  exportedSessionKey: string;
  flags: number;
  supportedMech: string | null;
  negState?: number | null;
  hasResponseToken?: boolean;
  serverMicValid?: boolean | null;
}

interface Run {
  clientTokens: Buffer[];
  serverResults: AuthResult[];
  error?: NtStatusError;
  client?: ImpacketResult;
}

/**
 * Runs helpers/impacket_client.py against a fresh SpnegoAuthenticator, relaying security buffers both ways.
 * `tamper` may rewrite the client's n-th token on its way to the server.
 */
async function impacketLogon(
  config: Partial<ClientConfig>,
  server: SpnegoAuthenticator,
  tamper?: (token: Buffer, index: number) => Buffer,
): Promise<Run> {
  const full: ClientConfig = {
    user: 'alice',
    password: 'Secret1!',
    domain: 'WORKGROUP',
    mode: 'spnego',
    mechListMic: false,
    signing: true,
    ...config,
  };
  const child = spawn('/usr/bin/python3', [CLIENT, JSON.stringify(full)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const run: Run = { clientTokens: [], serverResults: [] };
  for await (const line of createInterface({ input: child.stdout })) {
    const msg = JSON.parse(line) as { token?: string; result?: ImpacketResult };
    if (msg.result) {
      run.client = msg.result;
      break;
    }
    let token: Buffer = Buffer.from(msg.token!, 'hex');
    if (tamper) token = tamper(token, run.clientTokens.length);
    run.clientTokens.push(token);
    try {
      const result = await server.step(token);
      run.serverResults.push(result);
      child.stdin.write(`${JSON.stringify({ token: result.outputToken.toString('hex') })}\n`);
    } catch (err) {
      if (!(err instanceof NtStatusError)) throw err;
      run.error = err;
      child.stdin.write(`${JSON.stringify({ error: err.status })}\n`);
      break;
    }
  }
  child.stdin.end();
  const [code] = await exited;
  assert.is(code, 0, 'impacket client exit status');
  return run;
}

const users = (opts: { guest?: boolean; anonymous?: boolean } = {}) =>
  new StaticIdentityProvider({
    users: [
      { name: 'bob', password: 'other' },
      { name: 'alice', password: 'Secret1!' },
    ],
    guest: opts.guest ?? false,
    anonymous: opts.anonymous ?? false,
    domain: 'WORKGROUP',
  });

const authenticator = (opts: { guest?: boolean; anonymous?: boolean } = {}) =>
  new SpnegoAuthenticator({ identities: users(opts), netbiosName: 'SMB3D', domain: 'WORKGROUP' });

function done(run: Run): Extract<AuthResult, { state: 'done' }> {
  const last = run.serverResults.at(-1);
  assert.ok(last && last.state === 'done', `exchange did not complete: ${run.error?.message}`);
  return last as Extract<AuthResult, { state: 'done' }>;
}

function failedWith(run: Run, status: number): void {
  assert.ok(run.error, 'the exchange succeeded');
  assert.is(run.error!.status, status, run.error!.message);
}

test('impacket, SPNEGO-wrapped: the right password yields the ExportedSessionKey impacket computed', async () => {
  const run = await impacketLogon({}, authenticator());
  const result = done(run);
  assert.is(result.sessionKey.toString('hex'), run.client!.exportedSessionKey);
  assert.is(result.identity.user, 'alice');
  assert.is(result.identity.sid.split('-').at(-1), '1001');
  assert.not.ok(result.identity.isGuest);
  assert.is(run.client!.negState, NegState.ACCEPT_COMPLETED);
  assert.is(run.client!.hasResponseToken, false);
  assert.is(run.client!.supportedMech, '2b06010401823702020a');
  // impacket's NegTokenInit, as our decoder sees it.
  const init = decodeNegotiationToken(run.clientTokens[0]!);
  assert.is(init.kind, 'init');
  if (init.kind === 'init') {
    assert.equal(init.token.mechTypes, [MechOid.NTLMSSP]);
    assert.is(init.token.mechToken!.readUInt32LE(8), 1);
  }
});

test('impacket: a wrong password is LOGON_FAILURE', async () => {
  failedWith(await impacketLogon({ password: 'secret1!' }, authenticator({ guest: true })), NtStatus.LOGON_FAILURE);
});

test('impacket: an unknown user is LOGON_FAILURE with guest access off', async () => {
  failedWith(await impacketLogon({ user: 'mallory' }, authenticator()), NtStatus.LOGON_FAILURE);
});

test('impacket: an unknown user becomes Guest, without a session key, with guest access on', async () => {
  const result = done(await impacketLogon({ user: 'mallory' }, authenticator({ guest: true })));
  assert.ok(result.identity.isGuest);
  assert.is(result.identity.sid.split('-').at(-1), '501');
  assert.is(result.sessionKey.length, 0);
});

test('impacket: anonymous logon when allowed, LOGON_FAILURE otherwise', async () => {
  const result = done(await impacketLogon({ user: '', password: '', domain: '' }, authenticator({ anonymous: true })));
  assert.ok(result.identity.isAnonymous);
  assert.is(result.sessionKey.length, 0);
  failedWith(await impacketLogon({ user: '', password: '', domain: '' }, authenticator()), NtStatus.LOGON_FAILURE);
});

test('impacket, raw NTLMSSP without SPNEGO', async () => {
  const run = await impacketLogon({ mode: 'raw' }, authenticator());
  const result = done(run);
  assert.is(result.sessionKey.toString('hex'), run.client!.exportedSessionKey);
  assert.is(result.outputToken.length, 0);
  assert.is(run.serverResults[0]!.outputToken.subarray(0, 8).toString('latin1'), 'NTLMSSP\0');
});

test('impacket without signing: no key exchange, the SessionBaseKey is the session key', async () => {
  const run = await impacketLogon({ signing: false }, authenticator());
  assert.is(run.client!.flags & 0x40000000, 0);
  assert.is(done(run).sessionKey.toString('hex'), run.client!.exportedSessionKey);
});

test('Kerberos preferred, NTLM listed: the server picks NTLM and answers with a CHALLENGE', async () => {
  const run = await impacketLogon({ mode: 'kerberos-first' }, authenticator());
  const init = decodeNegotiationToken(run.clientTokens[0]!);
  assert.equal(init.kind === 'init' && init.token.mechTypes, [MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLMSSP]);
  const first = decodeNegotiationToken(run.serverResults[0]!.outputToken);
  assert.equal(first.kind === 'resp' && first.token.negState, NegState.ACCEPT_INCOMPLETE);
  assert.equal(first.kind === 'resp' && first.token.supportedMech, MechOid.NTLMSSP);
  assert.equal(first.kind === 'resp' && first.token.responseToken!.readUInt32LE(8), 2);
  assert.is(done(run).sessionKey.toString('hex'), run.client!.exportedSessionKey);
});

for (const mode of ['spnego', 'kerberos-first'] as const) {
  test(`mechListMIC (${mode}): impacket's verifies and the server's verifies with impacket's NTLM SIGN`, async () => {
    const run = await impacketLogon({ mode, mechListMic: true }, authenticator());
    const result = done(run);
    assert.is(result.sessionKey.toString('hex'), run.client!.exportedSessionKey);
    assert.is(run.client!.serverMicValid, true);
  });
}

test('a tampered client mechListMIC is LOGON_FAILURE', async () => {
  const run = await impacketLogon({ mechListMic: true }, authenticator(), (token, index) => {
    if (index !== 1) return token;
    const t = Buffer.from(token);
    t[t.length - 1]! ^= 0x01; // the mechListMIC is the token's last member
    return t;
  });
  failedWith(run, NtStatus.LOGON_FAILURE);
});

// ---- without a client process ----

test('negotiateToken() is the NegTokenInit2 Samba sends for NTLM', () => {
  assert.equal(SpnegoAuthenticator.negotiateToken(), goodLogon.negotiateResponse);
});

test('an empty first buffer is answered with the NegTokenInit2', async () => {
  const result = await authenticator().step(Buffer.alloc(0));
  assert.is(result.state, 'more');
  assert.equal(result.outputToken, SpnegoAuthenticator.negotiateToken());
});

async function rejects(promise: Promise<unknown>, status: number): Promise<void> {
  try {
    await promise;
    assert.unreachable('accepted');
  } catch (err) {
    assert.ok(err instanceof NtStatusError && err.status === status, String(err));
  }
}

test('only Kerberos offered: INVALID_PARAMETER (no mechanism in common)', async () => {
  const token = encodeNegTokenInit({ mechTypes: [MechOid.MS_KERBEROS, MechOid.KERBEROS], mechToken: Buffer.from([0x60, 0]) });
  await rejects(authenticator().step(token), NtStatus.INVALID_PARAMETER);
});

test('a NegTokenResp as the first token, or garbage, is INVALID_PARAMETER', async () => {
  await rejects(authenticator().step(goodLogon.sessionSetup[2]!.buffer), NtStatus.INVALID_PARAMETER);
  await rejects(authenticator().step(Buffer.from('hello')), NtStatus.INVALID_PARAMETER);
});

test('a client reject ends the exchange with LOGON_FAILURE; a failed exchange cannot continue', async () => {
  const server = authenticator();
  const first = await server.step(goodLogon.sessionSetup[0]!.buffer);
  assert.is(first.state, 'more');
  await rejects(server.step(encodeNegTokenResp({ negState: NegState.REJECT })), NtStatus.LOGON_FAILURE);
  await rejects(server.step(goodLogon.sessionSetup[2]!.buffer), NtStatus.INVALID_PARAMETER);
});

test("replaying smbclient's AUTHENTICATE against our own CHALLENGE fails (its proof is for Samba's challenge)", async () => {
  const server = new SpnegoAuthenticator({
    identities: new StaticIdentityProvider({ users: [{ name: 'tuser', password: 'pass' }], guest: false, anonymous: false, domain: 'WORKGROUP' }),
    netbiosName: 'SMB3D',
    domain: 'WORKGROUP',
  });
  await server.step(goodLogon.sessionSetup[0]!.buffer);
  await rejects(server.step(goodLogon.sessionSetup[2]!.buffer), NtStatus.LOGON_FAILURE);
});

test.run();
