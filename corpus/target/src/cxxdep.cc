// libcxxdep.so.1: a C++ library (needs libstdc++'s GLIBCXX versions) behind a C interface.
#include <string>
#include <sstream>
extern "C" int cxxdep(void) {
  std::ostringstream s;
  s << std::string("seven").size() + 2;
  return std::stoi(s.str());
}
