"""Use cases of the queue: each takes the Centre context and runs in one transaction."""
