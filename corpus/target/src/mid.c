/* libmid.so.1: needs libleaf.so.1 and carries no run path of its own. */
int leaf(void);
int mid(void) { return leaf() + 1; }
