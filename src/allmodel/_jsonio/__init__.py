"""JSON reading and writing shared by patient documents and criteria (private)."""
