package proxied

// Name says which module this is.
func Name() string { return "proxied" }
