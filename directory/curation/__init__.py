"""The curators' work: review queues, admin parts, drafts, verification, history, imports."""
