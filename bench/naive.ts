/**
 * The naive baseline of the scan benchmark: read every listed file whole (readFileSync) and check
 * its magic. What a script that "just reads the file" costs. Usage: node naive.js LIST
 */
import { readFileSync } from 'node:fs';

const list = readFileSync(process.argv[2]!, 'utf8').split('\n').filter(Boolean);
let elf = 0;
let bytes = 0;
for (const p of list) {
  const b = readFileSync(p);
  bytes += b.length;
  if (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) elf++;
}
process.stderr.write(`naive: ${list.length} files, ${elf} ELF, read ${bytes} bytes in ${list.length} whole-file reads\n`);
