module tokenguard/bindings/go

go 1.19
