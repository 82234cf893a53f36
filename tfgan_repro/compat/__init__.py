"""Compatibility shims for third-party libraries; nothing else lives here."""
