"""The drafters' review of feedback: campaigns, responses, publication, statistics and the
admin inbox."""
