module example.com/app

go 1.19

require (
	example.com/local v0.0.0-00010101000000-000000000000
	example.com/proxied v1.2.3
)

replace example.com/local => ../local
