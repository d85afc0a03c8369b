// The smallest Go program that prints: the corpus builds it for every GOOS/GOARCH pair.
package main

func main() { println("hi") }
