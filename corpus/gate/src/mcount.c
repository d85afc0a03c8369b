/* Built with -pg: calls _mcount, which aarch64 glibc versions GLIBC_2.18. */
int counted(int x) { return x * 3; }
