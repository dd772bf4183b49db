"""Reach (通知): the outbox of notifications, their channels and the workers that deliver them."""
