"""Stage 4, the PDF: laid-out pages painted with ReportLab.

In: a ``layout.frame.Layout`` and the ``Theme``.  Out: the PDF's bytes
(``draw.draw``): fonts embedded as subsets, CMYK colours (or the red as a
spot colour, or left out for pre-printed paper), byte-identical for the
same input.  This stage reads only layout's frame types and decides
nothing about where things go.
"""
