"""Alerts for a saved search ("Suchabo"): subscribe, confirm, digest, manage, unsubscribe.

The catalogue page only links here (it is cached and sets no cookies); the
subscription page carries the filters in its address. Digests run the
catalogue's own query path with the stored filters.
"""
