"""``python -m allmodel``: the ``allmodel`` command (see :mod:`allmodel.cli`)."""

from allmodel.cli import run

if __name__ == "__main__":
    run()
