"""dealclaims: reconcile several news articles about one deal."""

__version__ = "0.1.0"
