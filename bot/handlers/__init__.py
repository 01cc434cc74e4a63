"""Telegram-facing handlers, one module per user journey; each parses, calls a service and renders."""
