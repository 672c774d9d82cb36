"""``python -m dealclaims``: the same app as the ``dealclaims`` script."""

from dealclaims.cli import app

if __name__ == "__main__":
    app(prog_name="dealclaims")
