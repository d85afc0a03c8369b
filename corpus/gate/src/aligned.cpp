// C++17 aligned new/delete: operator new(size_t, align_val_t)@CXXABI_1.3.11.
#include <new>
struct alignas(64) Line { char b[64]; };
void *make() { return new Line; }
void drop(void *p) { delete static_cast<Line *>(p); }
