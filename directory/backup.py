"""What a backup holds: every table of every installed app, except what Django rebuilds itself.

Content types and permissions are recreated by ``migrate`` (and referred to by natural keys);
sessions and failed-login records are short-lived and personal, so they are left out.
"""

EXCLUDED = ("contenttypes", "auth.permission", "sessions", "axes")
