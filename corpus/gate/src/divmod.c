/* i686 (GCC 7+): a 64-bit quotient and remainder together go through __divmoddi4@GCC_7.0.0. */
long long qr(long long a, long long b, long long *r) { *r = a % b; return a / b; }
