// A module with two dependencies: one fetched from a file-system module proxy (so it carries
// a go.sum hash), one replaced by a sibling directory (a `=>` line in the build info).
package main

import (
	"example.com/local"
	"example.com/proxied"
)

func main() { println(local.Name(), proxied.Name()) }
