/* A GUI-subsystem program (-mwindows): WinMain, imports USER32.dll (MessageBoxA). */
#include <windows.h>
int WINAPI WinMain(HINSTANCE h, HINSTANCE p, LPSTR cmd, int show) {
  (void)h; (void)p; (void)show;
  return MessageBoxA(NULL, cmd, "binspect", MB_OK) == 0;
}
