"""What happens to uploaded media, for the apps above media to act on."""

from django.dispatch import Signal

# sender=the model (cases.Still, community.Post); pk: the object's id; status: its renditions
# status now, "ready" or "failed". Sent by the worker once it has made (or given up on) an
# object's renditions, after they are saved: a notification waiting for its picture goes on.
renditions_finished = Signal()
