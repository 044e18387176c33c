"""Full-text search on Whoosh for Wagtail's search layer (modelsearch): see backend.py."""
