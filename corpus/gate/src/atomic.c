/* Needs __atomic_load@LIBATOMIC_1.0 (a generic atomic load of a 32-byte object goes through libatomic). */
struct big { long a[4]; };
struct big load(struct big *p) { struct big r; __atomic_load(p, &r, __ATOMIC_SEQ_CST); return r; }
