/*
 * The C floor of the scan benchmark (issue #10): for every ELF file in a list, open it, read the
 * ranges the scan question needs through 4 KiB pread windows (ELF header and program headers,
 * PT_DYNAMIC, the DT_NEEDED strings, the Verneed chain and its strings, the notes), and close it.
 * It decodes just enough to find those ranges (64-bit little-endian ELF only; other files cost the
 * first window) and prints files, bytes read and syscalls. Usage: floor LIST
 * Built by bench/scan.ts with the machine's cc; not part of binspect.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WIN 4096
static unsigned char win[WIN];
static long win_off = -1, win_len = 0, bytes = 0, syscalls = 0;
static int fd;

/* Pointer to n bytes at file offset off (n <= WIN), reading a 4 KiB window when not cached. */
static const unsigned char *at(long off, long n) {
  if (win_off >= 0 && off >= win_off && off + n <= win_off + win_len) return win + (off - win_off);
  long start = off & ~(long)(WIN - 1);
  if (off + n > start + WIN) start = off;
  ssize_t got = pread(fd, win, WIN, start);
  syscalls++;
  if (got <= 0) return NULL;
  bytes += got;
  win_off = start;
  win_len = got;
  if (off + n > win_off + win_len) return NULL;
  return win + (off - win_off);
}
static uint16_t u16(const unsigned char *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t u32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t u64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

struct load { uint64_t off, vaddr, filesz; };

static long v2o(struct load *l, int nl, uint64_t a) {
  for (int i = 0; i < nl; i++) if (a >= l[i].vaddr && a < l[i].vaddr + l[i].filesz) return (long)(l[i].off + (a - l[i].vaddr));
  return -1;
}
static void str(long off) { /* touch a string: read until NUL within the window */
  for (int k = 0; k < 256; k++) { const unsigned char *c = at(off + k, 1); if (!c || !*c) return; }
}

static void one(const char *path) {
  fd = open(path, O_RDONLY);
  syscalls++;
  if (fd < 0) return;
  win_off = -1;
  const unsigned char *h = at(0, 64);
  if (!h || memcmp(h, "\177ELF", 4) || h[4] != 2 || h[5] != 1) goto done;
  uint64_t phoff = u64(h + 32);
  int phentsize = u16(h + 54), phnum = u16(h + 56);
  struct load loads[16]; int nl = 0;
  uint64_t dyn_off = 0, dyn_sz = 0;
  uint64_t notes[8][2]; int nn = 0;
  for (int i = 0; i < phnum && i < 64; i++) {
    const unsigned char *p = at(phoff + (long)i * phentsize, 56);
    if (!p) goto done;
    uint32_t type = u32(p);
    if (type == 1 && nl < 16) { loads[nl].off = u64(p + 8); loads[nl].vaddr = u64(p + 16); loads[nl].filesz = u64(p + 32); nl++; }
    if (type == 2) { dyn_off = u64(p + 8); dyn_sz = u64(p + 32); }
    if (type == 3) str(u64(p + 8));
    if (type == 4 && nn < 8) { notes[nn][0] = u64(p + 8); notes[nn][1] = u64(p + 32); nn++; }
  }
  for (int i = 0; i < nn; i++) /* note headers and descriptors */
    for (uint64_t o = 0; o + 12 <= notes[i][1];) {
      const unsigned char *n = at(notes[i][0] + o, 12);
      if (!n) break;
      uint64_t len = 12 + ((u32(n) + 3) & ~3u) + ((u32(n + 4) + 3) & ~3u);
      at(notes[i][0] + o, len < WIN ? len : WIN);
      o += len;
    }
  if (dyn_sz) {
    uint64_t strtab = 0, verneed = 0, verneednum = 0;
    long needed[64]; int nneed = 0;
    for (uint64_t o = 0; o + 16 <= dyn_sz; o += 16) {
      const unsigned char *d = at(dyn_off + o, 16);
      if (!d) break;
      uint64_t tag = u64(d), val = u64(d + 8);
      if (tag == 0) break;
      if (tag == 5) strtab = val;
      if (tag == 1 && nneed < 64) needed[nneed++] = (long)val;
      if (tag == 0x6ffffffe) verneed = val;
      if (tag == 0x6fffffff) verneednum = val;
    }
    long so = v2o(loads, nl, strtab);
    if (so >= 0) for (int i = 0; i < nneed; i++) str(so + needed[i]);
    long vo = v2o(loads, nl, verneed);
    for (uint64_t i = 0; vo >= 0 && so >= 0 && i < verneednum && i < 256; i++) {
      const unsigned char *vn = at(vo, 16);
      if (!vn) break;
      uint16_t cnt = u16(vn + 2); uint32_t file = u32(vn + 4), aux = u32(vn + 8), next = u32(vn + 12);
      str(so + file);
      long ao = vo + aux;
      for (int j = 0; j < cnt && j < 256; j++) {
        const unsigned char *va = at(ao, 16);
        if (!va) break;
        uint32_t name = u32(va + 8), anext = u32(va + 12);
        str(so + name);
        if (!anext) break;
        ao += anext;
      }
      if (!next) break;
      vo += next;
    }
  }
done:
  close(fd);
  syscalls++;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: floor LIST\n"); return 2; }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 2; }
  char line[4096]; long files = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!*line) continue;
    one(line);
    files++;
  }
  fprintf(stderr, "floor: %ld files, read %ld bytes in %ld syscalls (%.2f per file)\n", files, bytes, syscalls, (double)syscalls / files);
  return 0;
}
