/* Stand-in for a libz.so.1 built without zlib's version script: it exports inflate_fast unversioned.
   Only linked against, never committed. */
struct z_stream_s;
void inflate_fast(struct z_stream_s *s, unsigned start) { (void)s; (void)start; }
