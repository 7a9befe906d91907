"""Running the site: backups, the operator's details, the rate limit."""
