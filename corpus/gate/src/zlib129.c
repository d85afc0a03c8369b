/* Needs crc32_z@ZLIB_1.2.9 from libz.so.1. */
extern unsigned long crc32_z(unsigned long, const unsigned char *, unsigned long);
unsigned long sum(const unsigned char *p, unsigned long n) { return crc32_z(0, p, n); }
