import { type LoadCommand, needSize } from './loadcommands.js';

/**
 * `struct encryption_info_command` (LC_ENCRYPTION_INFO, 20 bytes) / `encryption_info_command_64`
 * (LC_ENCRYPTION_INFO_64, 24 bytes): the file range `[cryptoff, cryptoff + cryptsize)` is
 * encrypted (FairPlay) when `cryptid` is not 0.
 */
export interface EncryptionInfo {
  cmd: number;
  cryptoff: number;
  cryptsize: number;
  cryptid: number;
}

export function readEncryptionInfo(lc: LoadCommand): EncryptionInfo {
  needSize(lc, 20, 'encryption_info_command');
  const v = lc.data;
  return { cmd: lc.cmd, cryptoff: v.u32(8), cryptsize: v.u32(12), cryptid: v.u32(16) };
}
