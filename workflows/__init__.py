"""The pure core of Đôn Đốc: state machines, rules over figures, letter wording; no Flask,
database or queue."""
