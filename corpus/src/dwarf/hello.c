/* A small program with a fixed buffer, so that stack protection and FORTIFY_SOURCE have work to do. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  char buf[16];
  strcpy(buf, argc > 0 ? argv[0] : "");
  puts(buf);
  return 0;
}
