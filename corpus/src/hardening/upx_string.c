/* Holds the bytes "UPX!" as data without being packed: a reader must not call it packed. */
#include <stdio.h>

const char marker[] = "UPX! is a packer's magic, not a packed file";

int main(void) {
  puts(marker);
  return 0;
}
