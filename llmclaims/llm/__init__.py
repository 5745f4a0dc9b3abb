"""The LLM layer: the only package that talks to a model (client, prompts, salvage of cut-off
answers). Nothing outside it imports ``openai`` or ``instructor``."""
