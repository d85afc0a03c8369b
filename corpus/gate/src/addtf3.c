/* i686: __float128 addition goes through __addtf3@GCC_4.4.0 in libgcc_s. */
__float128 add(__float128 a, __float128 b) { return a + b; }
