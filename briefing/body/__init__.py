"""A brief's Markdown body, parsed once (``tree``): its links, images, headings and their anchors
(``anchors``), and the actors its text names (``mentions``), for the checker and the pages."""
