"""The text layer: pure functions over the article's text (cleaning, sentences, grounding,
countries, quantities). It imports neither the LLM layer nor resolution."""
