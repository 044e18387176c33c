# The conformance suite needs its own settings (modelsearch's test app, no wagtail.search):
# the Makefile runs it in a second pytest call that starts below this file (--confcutdir).
collect_ignore = ["conformance"]
