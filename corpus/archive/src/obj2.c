int second_object_with_a_long_name(void) { return 2; }
