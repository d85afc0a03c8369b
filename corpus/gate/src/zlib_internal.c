/* Imports inflate_fast, a zlib internal some zlib builds export without a version; auditwheel
   blacklists it for libz.so.1. Linked against a stand-in libz.so.1 (zstub.c) that exports it. */
struct z_stream_s;
extern void inflate_fast(struct z_stream_s *, unsigned);
void fast(struct z_stream_s *s) { inflate_fast(s, 0); }
