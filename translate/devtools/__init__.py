"""Tools for tests and benchmarks only (tiny Marian checkpoints). The CLI never uses them."""
