"""The optional LLM layer: prompts, the model client, and the rewrite -> check -> reask loop.

Only `bowout.llm.client` touches openai or LangChain, and only when a letter is actually
sent to a model; importing this package stays as cheap as the template path.
"""
