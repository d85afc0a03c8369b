/* x86_64 (GCC 12): _Float16 -> float goes through __extendhfsf2@GCC_12.0.0 in libgcc_s. */
float widen(_Float16 h) { return h; }
