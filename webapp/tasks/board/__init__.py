"""The office's tracking board (letters × units) and the leader's inbox."""
