module example.com/gotiny

go 1.19
