package main

/*
#include <stdio.h>
static void say(void) { puts("hello from cgo"); fflush(stdout); }
*/
import "C"

func main() {
	C.say()
}
