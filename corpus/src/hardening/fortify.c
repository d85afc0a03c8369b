/* Uses functions glibc fortifies (memcpy, strcpy, snprintf, read) with sizes the compiler
 * knows, so -D_FORTIFY_SOURCE=2 -O2 turns them into their __*_chk forms, and a local array so
 * -fstack-protector-strong instruments main. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  char buf[32];
  char small[8];
  strcpy(buf, argc > 1 ? argv[1] : "x");
  memcpy(small, buf, (size_t)argc);
  snprintf(buf, sizeof buf, "%s%d", small, argc);
  if (read(0, buf, (size_t)argc) < 0) return 1;
  puts(buf);
  return 0;
}
