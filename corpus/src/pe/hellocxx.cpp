// A C++ console program that imports libstdc++-6.dll (linked with -shared-libstdc++ semantics:
// mingw-w64 g++ links libstdc++ dynamically unless -static-libstdc++ is given).
#include <iostream>
#include <string>
int main(int argc, char **argv) {
  std::string s(argc > 1 ? argv[1] : "hello");
  std::cout << s << std::endl;
  return 0;
}
