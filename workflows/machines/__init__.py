"""State machines: states, transition tables and guards, with no Flask and no database."""
