/* No libc headers: Debian has no macOS SDK. */
extern int printf(const char *, ...);
extern int lib_answer(void);
__attribute__((weak_import)) extern int optional_feature(void);

int main(void) {
  printf("answer %d\n", lib_answer());
  if (optional_feature) optional_feature();
  return 0;
}
