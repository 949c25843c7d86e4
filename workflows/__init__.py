"""Business rules and background work of Đôn Đốc, kept apart from the web layer."""
