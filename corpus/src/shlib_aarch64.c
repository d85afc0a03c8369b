/* A libc-free shared object (linked -shared -nostdlib). */
static int counter;

int bump(int by)
{
    counter += by;
    return counter;
}
