/**
 * What a compiler's recorded command line says about hardening: GCC records the code-generation
 * switches in `DW_AT_producer` (`-grecord-gcc-switches`, on by default), clang the whole command
 * line with `-grecord-command-line`. The last of contradicting switches wins, as on the command
 * line. A fact the flags do not mention is null: the compiler's default then applies, which the
 * file does not record (GCC never records `-D` options, so `fortifySource` is null for GCC).
 */
export interface CompileFlags {
  /** The switches recorded, in order (`-O2`, `-fstack-protector-strong`, ...). */
  flags: string[];
  /** The optimization switch in force (`-O0`, `-O2`, `-Os`, ...), or null. */
  optimization: string | null;
  /** `-fstack-protector*`: `none` (`-fno-stack-protector`), `basic`, `strong`, `all`, `explicit`, or null. */
  stackProtector: 'none' | 'basic' | 'strong' | 'all' | 'explicit' | null;
  /** `-D_FORTIFY_SOURCE=N` (N; 1 for a bare `-D_FORTIFY_SOURCE`; 0 when undefined again by `-U`), or null. */
  fortifySource: number | null;
  /** `-fcf-protection[=full|branch|return|none|check]` (`full` when bare), or null. */
  cfProtection: string | null;
  /** `-fstack-clash-protection` true, `-fno-stack-clash-protection` false, or null. */
  stackClash: boolean | null;
}

const PROTECTOR: Record<string, CompileFlags['stackProtector']> = {
  '-fno-stack-protector': 'none', '-fstack-protector': 'basic', '-fstack-protector-strong': 'strong',
  '-fstack-protector-all': 'all', '-fstack-protector-explicit': 'explicit',
};

/**
 * The switches of a producer string (`GNU C17 12.2.0 -mtune=generic -O2 ...`,
 * `Debian clang version 14.0.6 /usr/bin/clang -g -O1 ...`): the words that start with `-`, a
 * separate `-D`/`-U` argument joined to its switch. Null when the producer records none (clang
 * without `-grecord-command-line`, Go, Rust).
 */
export function compileFlags(producer: string): CompileFlags | null {
  const words = producer.split(/\s+/);
  const flags: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((w === '-D' || w === '-U') && i + 1 < words.length) flags.push(w + words[++i]!);
    else if (w.startsWith('-') && w.length > 1) flags.push(w);
  }
  if (flags.length === 0) return null;
  const out: CompileFlags = { flags, optimization: null, stackProtector: null, fortifySource: null, cfProtection: null, stackClash: null };
  for (const f of flags) {
    if (/^-O([0-3sgz]|fast)?$/.test(f)) out.optimization = f === '-O' ? '-O1' : f;
    else if (f in PROTECTOR) out.stackProtector = PROTECTOR[f]!;
    else if (f === '-D_FORTIFY_SOURCE') out.fortifySource = 1;
    else if (f.startsWith('-D_FORTIFY_SOURCE=')) out.fortifySource = Number.parseInt(f.slice(18), 10) || 0;
    else if (f === '-U_FORTIFY_SOURCE') out.fortifySource = 0;
    else if (f === '-fcf-protection') out.cfProtection = 'full';
    else if (f.startsWith('-fcf-protection=')) out.cfProtection = f.slice(16);
    else if (f === '-fstack-clash-protection') out.stackClash = true;
    else if (f === '-fno-stack-clash-protection') out.stackClash = false;
  }
  return out;
}
