"""Pydantic models of the API's request and response bodies, one module per endpoint group."""
