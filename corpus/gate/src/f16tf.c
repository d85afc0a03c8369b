/* aarch64 (GCC 12): _Float16 -> long double (binary128) goes through __extendhftf2@GCC_11.0 in libgcc_s. */
long double widen(_Float16 h) { return h; }
