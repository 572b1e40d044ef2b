"""Running service calls at the same moment in threads, each on its own
database connection, as two people pressing a button together would."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def at_the_same_moment(*calls):
    """Start every call together; return what each returned or the
    ValidationError it raised, in the order the calls were given."""
    barrier = threading.Barrier(len(calls), timeout=10)
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
