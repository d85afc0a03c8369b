int first_object_with_a_long_name(void) { return 1; }
