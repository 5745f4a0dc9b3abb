"""The embedded local model: assemble and verify the GGUF, run llama.cpp's server."""
