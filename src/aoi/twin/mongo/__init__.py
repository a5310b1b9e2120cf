"""Emulated MongoDB servers: the state the apps and the mongo shell share (see README.md)."""

from .state import MongoCommandError, MongoState, MongoUser, Role, TlsMode, mongo_state

__all__ = ["MongoCommandError", "MongoState", "MongoUser", "Role", "TlsMode", "mongo_state"]
