"""Server-side SVG maps of places and twinnings."""
