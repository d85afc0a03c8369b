/* A console program that imports from KERNEL32.dll (GetTickCount, via windows.h) and msvcrt.dll (printf). */
#include <stdio.h>
#include <windows.h>

int main(void) {
  printf("hello %lu\n", (unsigned long)GetTickCount());
  return 0;
}
