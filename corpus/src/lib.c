#include <stdio.h>

int hello_value(void)
{
    return 42;
}

void hello_print(void)
{
    puts("hello from libhello");
}
