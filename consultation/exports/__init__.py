"""Documents made from the feedback: Word (`word.py`)."""
