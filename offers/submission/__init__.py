"""Providers' room: submitting and updating offers without an account.

- forms.py: the submission form (also used for edits through the private link);
- values.py: form values ↔ offer, comparisons and the diff the team reviews;
- tokens.py: the private edit links (stored hashed);
- views.py: the public pages under /angebote/einreichen/ and /angebote/bearbeiten/.

State changes (submit, update, withdraw, moderate) live in offers/services.py,
which the admin and the management commands use as well.
"""
