package local

// Name says which module this is.
func Name() string { return "local" }
