/* Needs crc32 (ZLIB_1.2.0 base version... unversioned in zlib's map) and compressBound@ZLIB_1.2.0 from libz.so.1. */
extern unsigned long compressBound(unsigned long);
unsigned long bound(unsigned long n) { return compressBound(n); }
