"""Stage 1, the issue: what the user wrote, read and checked.

In: an issue file (YAML or JSON; a path, bytes or a mapping), the series
file laid under it, and the config file.  Out: a validated ``model.Issue``
with the location of every character it holds (``read.read_issue``), a
``model.Config`` (``config.read_config``), or ``IssueError`` listing every
problem of the input at its file:line:col.

Modules, in the order a file passes through them: ``load`` (YAML → located
nodes), ``series`` (an issue laid over its series file; issue numbers and
dates across a series), ``kinds`` and ``schema`` (the format, declared once:
validation and JSON Schema), ``markup`` (an article's body text → blocks),
``read`` (all of that for one source), ``config`` (the config file) and
``template`` (``jianbao new``: the next issue's file).  Nothing here knows
fonts, positions or PDF.
"""
