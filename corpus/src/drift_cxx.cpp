// A gate drift pair for GLIBCXX_: the baseline build uses std::string and iostream; with -DNEW it
// also parses a double with std::from_chars, which GCC 11's libstdc++ added (GLIBCXX_3.4.29).
#include <charconv>
#include <iostream>
#include <string>
int main(int argc, char **argv) {
  std::string s(argc > 1 ? argv[1] : "1.5");
#ifdef NEW
  double d = 0;
  std::from_chars(s.data(), s.data() + s.size(), d);
  std::cout << d << '\n';
#else
  std::cout << s << '\n';
#endif
  return 0;
}
