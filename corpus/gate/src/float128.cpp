// Needs _ZTIg@CXXABI_FLOAT128 (typeinfo of __float128, libstdc++ from GCC 7 on x86_64).
#include <typeinfo>
const std::type_info &f128() { return typeid(__float128); }
