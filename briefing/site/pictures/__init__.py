"""Pictures drawn at build time as inline SVG: a timeline, monthly activity, the actor network.

Plain string building, no script: the pictures work offline, in print and in dark mode (their
colours come from the theme's CSS variables in ``docs/stylesheets/briefing.css``). Each has a
title, a description and links a keyboard reaches; the pages keep the same facts as text beside.
"""
