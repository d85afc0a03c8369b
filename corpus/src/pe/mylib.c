/* A DLL with named exports, an export by ordinal only and a forwarder (see mylib.def). */
#include <windows.h>

__declspec(dllexport) int mylib_add(int a, int b) { return a + b; }
__declspec(dllexport) int mylib_mul(int a, int b) { return a * b; }
int mylib_secret(void) { return 42; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h; (void)reason; (void)reserved;
  return TRUE;
}
