__declspec(dllexport) int plain(void) { return 42; }
