"""Consensus: claims from every source become facts, conflicts, origins and stories."""
