"""The sample-collection generator (tools/generate_collection.py); see docs/collection.md."""
