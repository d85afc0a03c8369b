/* Calls mylib_add (by name) and mylib_secret (exported NONAME: by ordinal 7) from mylib.dll. */
#include <stdio.h>

int mylib_add(int a, int b);
int mylib_secret(void);

int main(void) {
  printf("%d %d\n", mylib_add(2, 3), mylib_secret());
  return 0;
}
