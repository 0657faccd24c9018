"""The annotated-treaty site's logic, in layers.

- ``content``: reading and checking treaty, source, annotation and event files (stdlib and PyYAML only);
- ``site``: the web pages: note HTML, sanitising, generated pages, the search index;
- ``pdf``: the print edition;
- ``contrib``: the contributor commands (check, scaffold) and the file drafts they write.

Only ``hooks/treaty_site.py`` imports MkDocs; it adapts MkDocs events to these modules.
"""
