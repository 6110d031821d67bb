"""The scenario format: pydantic models, the condition language, loading and checking.

Importing this package does no file I/O; :mod:`game.scenario.loader` reads files.
"""
