"""Test support: generators of fixture documents and sites, shared by the tests, the benchmarks and `make demo`."""
