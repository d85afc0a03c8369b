module example.com/gostatic

go 1.19
