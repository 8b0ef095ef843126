"""Published Mitdenken posts appear on the gap and offer pages, and reported needs in the
coverage table on /leerstellen/: pages that HTTP caches keep per catalogue version."""

from django.db.models.signals import post_delete, post_save

from offers.catalogue import index


def contribution_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.catalogue_changed()


def connect():
    from .models import Contribution, Need

    for signal in (post_save, post_delete):
        signal.connect(contribution_changed, sender=Contribution, dispatch_uid=f"feedback.{signal}")
        signal.connect(contribution_changed, sender=Need, dispatch_uid=f"feedback.need.{signal}")
