/* Needs libcrypt.so.1, which no manylinux policy allows (auditwheel lib_whitelist). */
extern char *crypt(const char *, const char *);
char *hash(const char *k) { return crypt(k, "$6$salt$"); }
