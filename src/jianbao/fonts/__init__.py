"""Stage 2, the fonts: which file plays each role, and can it print every character?

In: the font choices (the caller's options, the issue's and the config
file's ``fonts:``), font folders, and the texts the document prints with
their roles (layout's copy).  Out: a ``select.Selection`` — a
``face.FontSet`` of parsed TrueType faces per role, primary first, then
fallbacks — and the coverage diagnostics; or ``IssueError`` naming every
font that cannot be found, read or embedded.

Modules: ``index`` (find installed fonts by name; cached), ``prepare``
(subset and convert any face to embeddable TrueType; cached), ``face``
(parse a face once: widths, ink, ReportLab registration), ``embed`` (a
face written into the PDF as one Type0 font, copying as itself),
``coverage`` (every missing character, located) and ``select`` (the chains
of an issue).  The roles themselves are ``roles.ROLES``.
"""
