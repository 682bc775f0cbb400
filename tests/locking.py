"""Running two changes at once on PostgreSQL: one held with its row lock taken, the other timed."""

import threading
import time

from django.db import OperationalError, connection


def while_locked(monkeypatch, *, event_model, hold, act):
    """Runs `hold` in a thread that stops, its row lock held, when it writes its event (an instance
    of `event_model`), then runs `act` here under a 2-second lock timeout. Returns how long `act`
    took, or the OperationalError it met (a lock timeout: it had to wait for the other change)."""
    holding, release = threading.Event(), threading.Event()
    real_create = event_model.objects.create

    def create(**kwargs):
        if threading.current_thread().name == "holder":
            holding.set()
            release.wait(timeout=10)
        return real_create(**kwargs)

    def run():
        try:
            hold()
        finally:
            connection.close()

    monkeypatch.setattr(event_model.objects, "create", create)
    holder = threading.Thread(target=run, name="holder")
    holder.start()
    try:
        assert holding.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        started = time.monotonic()
        try:
            act()
        except OperationalError as error:
            return error
        return time.monotonic() - started
    finally:
        release.set()
        holder.join(timeout=20)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
