// Every SMB2 message codec, one module per command (MS-SMB2 2.2).

export * from './negotiate.ts';
export * from './session-setup.ts';
export * from './logoff.ts';
export * from './tree-connect.ts';
export * from './tree-disconnect.ts';
export * from './create.ts';
export * from './close.ts';
export * from './flush.ts';
export * from './read.ts';
export * from './write.ts';
export * from './oplock-break.ts';
export * from './lock.ts';
export * from './echo.ts';
export * from './cancel.ts';
export * from './ioctl.ts';
export * from './query-directory.ts';
export * from './change-notify.ts';
export * from './query-info.ts';
export * from './set-info.ts';
export * from './error.ts';
