/* Needs __cxa_thread_atexit_impl (GLIBC_2.18), on auditwheel's libc.so.6 blacklist up to manylinux2014. */
extern int __cxa_thread_atexit_impl(void (*)(void *), void *, void *);
int at_thread_exit(void (*f)(void *), void *o) { return __cxa_thread_atexit_impl(f, o, 0); }
