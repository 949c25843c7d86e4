"""Batches of reminder letters, one per failing unit, rendered in the background."""
